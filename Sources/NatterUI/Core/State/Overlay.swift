import NatterProviders
import NatterSession

/// What is open over the chat, with its own state: one at a time, each with its bindings and view.
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
