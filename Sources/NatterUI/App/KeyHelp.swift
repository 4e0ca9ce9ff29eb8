/// What each key does, said once (DESIGN, "The UI core"): F1's rows and the status line's hints are both
/// made from it, for the keys as the keymap binds them now. A command's words belong to its action; keys
/// natter never moves (the selection's letters, the input's shell-line keys) are rows of their context.
enum KeyHelp {
    /// Where a key means what its row says.
    enum Context: Sendable, Hashable {
        case chat, selection, compare, input
    }

    enum Keys: Sendable, Hashable {
        case actions([Keymap.Action])
        case fixed(String)
    }

    struct Row: Sendable, Hashable {
        var keys: Keys
        var meaning: String
        var context: Context
    }

    /// A command's row in F1, from its action (a pair such as PgUp/PgDn, from the first one's words).
    private static func action(_ action: Keymap.Action, _ more: Keymap.Action...) -> Row {
        Row(keys: .actions([action] + more), meaning: action.help, context: .chat)
    }

    private static func fixed(_ keys: String, _ meaning: String, _ context: Context) -> Row {
        Row(keys: .fixed(keys), meaning: meaning, context: context)
    }

    /// F1, in order.
    static let rows: [Row] = [
        action(.send), action(.newline), action(.cancel), action(.picker), action(.cycleModels), action(.compare),
        fixed("  ←/→ · Enter · Esc", "focus · keep the focused reply · leave compare", .compare),
        action(.sessions), action(.themes), action(.newSession), action(.regenerate), action(.select),
        fixed("  ↑/↓ · Enter/Esc", "move the selection · leave it", .selection),
        fixed("  e", "edit it: yours forks, a reply gets a new version", .selection),
        fixed("  r", "ask again from there", .selection),
        fixed("  ←/→", "its other versions (‹2/3›)", .selection),
        fixed("  y · 1–9", "copy it · copy its code block N", .selection),
        fixed("  o", "open a tool result whole / fold it again", .selection),
        action(.tree), action(.find), action(.tools), action(.settings), action(.editor),
        fixed("@path, Tab", "attach a file; Tab completes its path", .input),
        action(.copy), action(.pageUp, .pageDown), action(.scrollUp, .scrollDown), action(.top, .bottom),
        fixed("↑/↓", "input history", .input),
        fixed("Ctrl+A/Ctrl+E", "start / end of the line", .input),
        fixed("Ctrl+K/Ctrl+U", "delete to end / start of the line", .input),
        fixed("Ctrl+W, Alt+Backspace", "delete the word before the caret", .input),
        fixed("Alt+B/Alt+F, Ctrl+←/→", "move a word back / on", .input),
        action(.mouse), action(.suspend), action(.quit),
        fixed("Ctrl+D", "quit (empty input)", .input),
        action(.help),
    ]

    /// The status line's hints while nothing else is said there, most useful first: as many as fit.
    static let hints: [Keymap.Action] = [.send, .newline, .picker, .cycleModels, .help, .quit]
}

extension Keymap.Action {
    /// What the command does, as F1 says it.
    var help: String {
        switch self {
        case .send: return "send"
        case .newline: return "new line in the input"
        case .cancel: return "cancel the reply / close / clear input"
        case .quit: return "cancel reply, clear input, or quit"
        case .picker: return "provider and model picker"
        case .cycleModels: return "next recently used model"
        case .compare: return "compare 2–4 models: Space marks, Enter keeps one"
        case .sessions: return "saved sessions; Tab searches"
        case .newSession: return "new session"
        case .themes: return "theme picker"
        case .regenerate: return "ask again (the old reply stays beside it)"
        case .editor: return "edit the input in $EDITOR"
        case .copy: return "copy the last reply (OSC 52)"
        case .help: return "this help"
        case .suspend: return "suspend"
        case .pageUp, .pageDown: return "scroll a page"
        case .scrollUp, .scrollDown: return "scroll (the mouse wheel too)"
        case .top, .bottom: return "top / bottom (empty input)"
        case .select: return "select a message (newest first), then:"
        case .tree: return "every branch; Enter shows the chosen one"
        case .find: return "find in this conversation: Enter/↓ next, ↑ back"
        case .mouse: return "the mouse to the terminal (select, copy) / back"
        case .tools: return "MCP servers and tools; switch them off"
        case .settings: return "settings: temperature, system prompt, history…"
        }
    }

    /// The word the status line's hint gives it ("Ctrl+P model").
    var hint: String {
        switch self {
        case .newline: return "newline"
        case .picker: return "model"
        case .cycleModels: return "recent"
        case .help: return "help"
        case .quit: return "quit"
        default: return rawValue
        }
    }
}
