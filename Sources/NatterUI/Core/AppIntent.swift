import NatterProviders
import NatterSession

/// What `App.update` asks the outside world to do; the runner carries these out (to the ChatSession, the
/// terminal, the config file) so that update itself stays a pure function of state and event.
public enum AppIntent: Sendable, Hashable {
    case send(String, attachments: [AttachmentRef] = [])
    /// The message to every model of `with` at once (compare), each reply a sibling of the others.
    case compare(String, attachments: [AttachmentRef], with: [Origin])
    /// An edited copy of the person's message `replacing`, sent as its new sibling.
    case sendEdited(String, replacing: String, attachments: [AttachmentRef] = [])
    /// Read the file at `path` into the attachment store, off the UI thread, for chip `id`.
    case readAttachment(id: Int, path: String)
    /// Which of these paths name files (not folders, not missing): answered at once as `.filesLookedUp`.
    case lookUpFiles([String], for: FileQuestion)
    /// The folder entries that complete an `@` word's path, typed relative to the folder given: `.pathCompleted`.
    case completePath(String, in: String)
    /// A reply's text replaced by hand, saved as its new sibling.
    case reviseReply(String, text: String)
    /// A new reply beside reply `id`, or to the person's message `id`; nil: the last reply.
    case askAgain(String?)
    /// Show the branch through this message.
    case activate(String)
    case cancelReply
    /// The request waiting for MCP servers still starting goes now, with the tools ready.
    case sendWithoutTools
    /// The person's word on tool call `id` (UIToolApprover).
    case answerTool(id: Int, ToolApproval)
    /// The tools panel switched a server or a tool (by its model-facing name) for this session.
    case setToolServer(String, enabled: Bool)
    case setTool(String, enabled: Bool)
    /// Find `query` in the conversation's entries, off the UI thread; a new one replaces the one running.
    case find(String, generation: Int, in: FindCorpus)
    case cancelFind
    case switchTo(provider: String, model: String)
    /// Ctrl+X: the parameters and system prompt of the next requests.
    case setParameters(ModelParameters)
    case setSystemPrompt(String?)
    /// Ctrl+X: summarize older turns for the model now, or make requests carry the whole branch again.
    case compactNow
    case undoCompaction
    case newSession
    case editInEditor(String)
    /// Hand the terminal to `natter ARGUMENTS` (configure add, login) and come back to the chat after it.
    case runNatter([String])
    /// Copy `text`; `what` names it for the status line ("the last reply", "code block 2").
    case copyToClipboard(String, what: String)
    case discoverModels
    case applyTheme(String)
    /// A template's files and clipboard read and its commands run (they were confirmed), off the UI thread;
    /// `.templateExpanded` brings the message.
    case expandTemplate(TemplateRun)
    /// `/set input vi`: written to config.json so the next start edits the same way.
    case rememberInputStyle(InputStyle)
    case setMouseCapture(Bool)
    /// Tell the person through the terminal (a desktop notification where it takes one, else a bell).
    case notify(ReplyNotification)
    case suspend
    case quit
    /// Read the sessions list (from the index) for the browser.
    case listSessions
    /// Search every transcript (those of `among`, newest first, when the browser has listed them; nil lists
    /// them first); a new search replaces the one running.
    case searchSessions(String, among: [String]?)
    case cancelSearch
    /// Read a saved session for review, scrolled to a message (a search hit) when given.
    case openSession(id: String, focusMessage: String?, highlight: String?)
    /// Continue the reviewed session: with the provider and model it last used, or with the current ones.
    case resumeSession(id: String, withCurrentModel: Bool)
    case renameSession(id: String, title: String)
    case deleteSession(id: String)
    /// Pin or archive (or clear either of) a saved session.
    case markSession(id: String, SessionMark, Bool)
    case exportSession(id: String, path: String)
    /// What the person typed in the saved sessions, for F3, read newest first as `.typedHistory` batches.
    case loadTypedHistory
    case cancelTypedHistory
    /// `/title`, `/export`: the conversation in progress named, or written as Markdown (nil: its id, here).
    case titleConversation(String)
    case exportConversation(path: String?)
}
