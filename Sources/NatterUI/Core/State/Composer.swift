import Foundation

/// What the person is writing: the input, its history, the files going with it, and what sending waits for.
public struct Composer: Sendable {
    public var input = InputBuffer()
    public var history: [String] = []
    /// Index into `history` while browsing it with Up/Down; nil while editing a new draft.
    public var historyIndex: Int?
    public var draftBeforeHistory = ""
    /// Files to go with the next message, shown as chips above the input (SPEC 8).
    public var attachments: [PendingAttachment] = []
    public var nextAttachmentID = 0
    /// Enter was pressed while a chip was still being read: the message goes once every chip is read.
    public var sendWhenAttached = false
    /// Enter was pressed before any model was chosen: the message goes once one is picked.
    public var sendAfterPick = false
    /// What the input is writing, when it is not a new message.
    public var editing: Editing?
    /// Where `@path` words and pasted relative paths are looked up: the folder natter was started in.
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// The template whose files and commands the runner is gathering, and how many have been asked for: a result
    /// is taken only for the run still awaited (Esc drops it; so does another conversation).
    public var pendingTemplate: TemplateRun?
    public var templateRuns = 0
    /// The message chosen with Alt+↑ when `/` was typed on it: a template's `{{selection}}` (else the last reply).
    public var quoted: String?
    /// vi's modes for the input (`"input": "vi"`, `/set input vi`); nil for the shell-line keys.
    public var vi: ViEditor?

    public init() {}
}

/// What the input is writing, when it is not a new message.
public enum Editing: Sendable, Hashable {
    /// A copy of the person's message `id`: sending it makes a new sibling and continues from there.
    case message(String)
    /// A reply's text: saving it makes a new sibling reply, no model asked.
    case reply(String)
}
