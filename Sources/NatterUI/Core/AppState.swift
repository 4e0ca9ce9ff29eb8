import Foundation
import NatterProviders
import NatterSession

/// A provider as the picker lists it.
public struct PickerProvider: Sendable, Hashable {
    public var name: String
    public var displayName: String
    /// nil when ready; else why not.
    public var problem: ProviderProblem?
    public var models: [ModelInfo]

    public init(name: String, displayName: String, problem: ProviderProblem?, models: [ModelInfo]) {
        self.name = name
        self.displayName = displayName
        self.problem = problem
        self.models = models
    }
}

public struct PickerState: Sendable, Hashable {
    public var filter = InputBuffer()
    public var selected = 0
    /// Multi-select (Ctrl+O, compare): the models marked with Space, in order; nil picks one model.
    public var marked: [Origin]?
}

public enum Overlay: Sendable, Hashable {
    /// F1, scrolled to this first row.
    case help(top: Int)
    case picker(PickerState)
    /// Ctrl+T: the index of the highlighted theme in `themeNames`.
    case themes(selected: Int)
    /// Ctrl+S: saved sessions, and search across them.
    case sessions(BrowserState)
    /// Ctrl+B: every branch of the conversation.
    case tree(TreeState)
    /// A tool call waiting for the person's word.
    case approval(ApprovalState)
    /// F4: the MCP servers and their tools; the highlighted row of `ToolPanelRow.rows`.
    case tools(selected: Int)
    /// Ctrl+X: the highlighted row of `SettingsRow`.
    case settings(selected: Int)
    /// Ctrl+X, role: the roles of `<config>/roles`, the highlighted one previewed.
    case roles(selected: Int)
}

/// The tree overlay: one row per message, the highlighted one chosen with Enter.
public struct TreeState: Sendable, Hashable {
    public var rows: [TreeRow]
    public var selected: Int
}

/// What the input is writing, when it is not a new message.
public enum Editing: Sendable, Hashable {
    /// A copy of the person's message `id`: sending it makes a new sibling and continues from there.
    case message(String)
    /// A reply's text: saving it makes a new sibling reply, no model asked.
    case reply(String)
}

/// Where the transcript view stands: following the newest line, or held with a given line of a given entry
/// at the top. Anchoring to an entry rather than to a line number keeps scrolling a cost of what is on
/// screen: nothing above the view needs wrapping to know where the view is.
public enum ScrollPosition: Sendable, Hashable {
    case following
    case held(entry: Int, line: Int)
}

/// Everything the screen shows. Changed only by `App.update`; drawn only by `Screen.render`.
public struct AppState: Sendable {
    public var providerName: String
    public var model: String
    public var contextWindow: Int?
    /// What the conversation's replies have cost so far, every branch, in US dollars; nil while no reply had
    /// a known price (the header then shows none rather than $0).
    public var sessionCost: Double?
    /// Every reply's input tokens and those read from a prompt cache, for the header's cache share.
    public var sessionTokens = Usage()
    public var usedTokens: Int?
    /// `usedTokens` is, at least in part, natter's estimate (ContextMeter): the header marks it with `~`.
    public var usedTokensEstimated = false
    /// Nothing chose a provider (no flag, variable, remembered choice or key): the local servers' first answer
    /// chooses (SPEC 15): the one running is used, several open the picker on them.
    public var choosingLocalServer = false
    /// The conversation's title; nil until it has one (the person's first message gives it).
    public var title: String?
    /// What the header says of it.
    public var shownTitle: String { title ?? "new chat" }

    /// The conversation as the session has told it so far; `entries` is its active branch as shown.
    public var conversation = Conversation()
    /// natter's own entries (switch notices, first-run advice), by the message they follow ("" for the top).
    public var notices: [String: [TranscriptEntry]] = [:]
    public var entries: [TranscriptEntry] = []
    /// Each message's entry id, kept across re-projections so the layout cache keeps its lines.
    public var entryIDs: [String: Int] = [:]
    public var nextEntryID = 0
    public var scroll = ScrollPosition.following
    /// Message selection (Alt+↑): the selected message's id; nil when not selecting.
    public var selection: String?
    public var editing: Editing?
    /// natter takes the mouse (the wheel scrolls); false leaves it to the terminal (F12, `"mouse": false`).
    public var mouseCaptured = true
    /// Ctrl+F: finding in this conversation; nil otherwise.
    public var find: FindState?

    public var input = InputBuffer()
    public var history: [String] = []
    /// Index into `history` while browsing it with Up/Down; nil while editing a new draft.
    public var historyIndex: Int?
    public var draftBeforeHistory = ""

    public var isReplying = false
    /// MCP servers the request waits for (still starting); the cancel key sends without them.
    public var waitingForTools: [String] = []
    /// The tool call running now, as "server · tool", for the status line.
    public var runningTool: String?
    /// Calls waiting for approval after the one on screen, oldest first.
    public var approvalQueue: [ApprovalState] = []
    /// The MCP servers as the tools panel lists them; empty without mcp.json.
    public var toolServers: [ToolPanelServer] = []
    /// Tool messages whose results are shown whole (`o`); the others show 3 lines of each.
    public var unfoldedResults: Set<String> = []
    /// Esc or Ctrl+C asked the reply in flight to stop; a second Ctrl+C before it has ended quits.
    public var cancelRequested = false
    /// The retry being waited for, and when it goes: the status line counts down to it.
    public var retryNotice: RetryNotice?
    public var retryUntil: ContinuousClock.Instant?
    /// The time as the last `.tick` gave it: `update` never reads the clock, so it is a function of the state
    /// and its events alone (the runner ticks before each batch of events, and the views draw with it too).
    public var now = ContinuousClock.now
    /// Enter was pressed before any model was chosen: the message goes once one is picked.
    public var sendAfterPick = false
    /// The conversation's request parameters and system prompt, as the session last said (Ctrl+X shows them).
    public var parameters = ModelParameters()
    public var systemPrompt: String?
    /// The roles of `<config>/roles`, read at start-up, and the one chosen last.
    public var roles: [RoleDefinition] = []
    public var roleName: String?
    /// Files to go with the next message, shown as chips above the input (SPEC 8).
    public var attachments: [PendingAttachment] = []
    public var nextAttachmentID = 0
    /// Enter was pressed while a chip was still being read: the message goes once every chip is read.
    public var sendWhenAttached = false
    /// Where `@path` words and pasted relative paths are looked up: the folder natter was started in.
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// The reply streaming now: its wait for the first token and its pace.
    public var replySpeed: ReplySpeed?
    /// The last reply's, kept on the status line once it is over.
    public var lastReplySpeed: ReplySpeed?
    public var status: String?
    public var statusIsError = false
    /// Why this conversation is not being saved. It stays on the status line (under any newer message)
    /// until another conversation starts: every message from now on is lost on exit, so it must not scroll away.
    public var saveFailure: String?

    public var overlay: Overlay?
    public var providers: [PickerProvider] = []
    /// Most recent first, for F2.
    public var recentModels: [ProviderSelection] = []
    public var themeNames: [String] = ["dark"]
    public var themeName = "dark"
    /// The main view's command keys, from config.json's `keys`.
    public var keymap = Keymap.standard

    /// The terminal's size as the last `resized` said: update measures pages in it, as render draws them.
    public var terminalWidth = 80
    public var terminalHeight = 24

    /// Compare mode (Ctrl+O): the models the next message goes to, and their replies side by side.
    public var compare: CompareState?
    /// The models last compared: Ctrl+O opens with them marked.
    public var lastCompared: [Origin] = []

    /// A saved session shown read-only in place of the conversation; nil while chatting.
    public var review: ReviewState?
    /// A one-line question in the input row (rename, export path, delete confirmation).
    public var prompt: Prompt?

    public init(providerName: String, model: String, title: String? = nil) {
        self.providerName = providerName
        self.model = model
        self.title = title
    }
}
