import Foundation
import NatterProviders
import NatterSession

/// Everything the screen shows, split by what it is about. Changed only by `App.update`; drawn only by
/// `Screen.render`.
public struct AppState: Sendable {
    /// The provider, the model and what is sent with it.
    public var setup: ModelSetup
    /// What the conversation fills of the window and what it cost.
    public var meter = ConversationMeter()
    /// The conversation's title; nil until it has one (the person's first message gives it).
    public var title: String?
    /// What the header says of it.
    public var shownTitle: String { title ?? "new chat" }
    /// The conversation as the session has told it so far; `pane.entries` is its active branch as shown.
    public var conversation = Conversation()
    /// natter's own entries (switch notices, first-run advice), by the message they follow ("" for the top).
    public var notices: [String: [TranscriptEntry]] = [:]
    /// The main transcript as shown: its entries, where it is scrolled, the message selected.
    public var pane = PaneState()
    /// What the person is writing and what goes with it.
    public var composer = Composer()
    /// The reply in flight (or the tools it waits for), and the pace of the last one.
    public var reply = ReplyState()
    /// The MCP servers and the calls waiting for approval.
    public var tools = ToolsState()
    /// The terminal, the theme and the keys.
    public var display = DisplaySettings()
    /// What the status line says.
    public var status = StatusState()
    /// The time as the last `.tick` gave it: `update` never reads the clock, so it is a function of the state
    /// and its events alone (the runner ticks before each batch of events, and the views draw with it too).
    public var now = ContinuousClock.now

    /// Ctrl+F: finding in this conversation; nil otherwise.
    public var find: FindState?
    public var overlay: Overlay?
    /// Plain mode: the number being typed to answer the open overlay's numbered list ("" when none).
    public var choiceNumber = ""
    /// Compare mode (Ctrl+O): the models the next message goes to, and their replies side by side.
    public var compare: CompareState?
    /// The models last compared: Ctrl+O opens with them marked.
    public var lastCompared: [Origin] = []
    /// A saved session shown read-only in place of the conversation; nil while chatting.
    public var review: ReviewState?
    /// A one-line question in the input row (rename, export path, delete confirmation).
    public var prompt: Prompt?

    public init(providerName: String, model: String, title: String? = nil) {
        setup = ModelSetup(providerName: providerName, model: model)
        self.title = title
    }
}
