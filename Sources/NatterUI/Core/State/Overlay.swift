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
    /// Ctrl+K: every action, filtered as typed.
    case palette(PaletteState)
    /// F3: what the person typed before, in every session.
    case history(HistorySearchState)
}

extension Overlay {
    /// The sub-model of the overlay that is open: the one place that names each overlay's type.
    var model: any OverlayModel {
        switch self {
        case .help(let top): return HelpOverlay.Model(top: top)
        case .picker(let picker): return PickerOverlay.Model(picker: picker)
        case .themes(let selected): return ThemeOverlay.Model(selected: selected)
        case .sessions(let browser): return SessionsOverlay.Model(browser: browser)
        case .tree(let tree): return TreeOverlay.Model(tree: tree)
        case .approval(let approval): return ApprovalOverlay.Model(approval: approval)
        case .tools(let selected): return ToolsOverlay.Model(selected: selected)
        case .settings(let selected): return SettingsOverlay.Model(selected: selected)
        case .roles(let selected): return RolesOverlay.Model(selected: selected)
        case .palette(let palette): return PaletteOverlay.Model(palette: palette)
        case .history(let search): return HistoryOverlay.Model(search: search)
        }
    }
}

/// The tree overlay: one row per message, the highlighted one chosen with Enter.
public struct TreeState: Sendable, Hashable {
    public var rows: [TreeRow]
    public var selected: Int
}
