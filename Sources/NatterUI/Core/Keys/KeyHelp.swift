/// F1 and the chat's hint row, made from the contexts' bindings (DESIGN, "The UI core"): what a key does is
/// said once, beside the command, and F1 lists every context in the order a person meets them.
enum KeyHelp {
    struct Row: Sendable, Hashable {
        var keys: String
        var meaning: String
    }

    struct Section: Sendable, Hashable {
        var context: KeyContext
        var rows: [Row]
    }

    /// The chat's commands: the keymap's actions (config.json may move them), in F1's order.
    static func chat(_ keymap: Keymap) -> KeyBindings<Keymap.Action> {
        KeyBindings(.chat, chatOrder.map { KeyBinding(keymap.keys(for: $0), $0, $0.help, hint: hinted.contains($0) ? $0.hint : nil) })
    }

    /// The chat's actions in the order F1 and the palette list them.
    static let chatOrder: [Keymap.Action] = [
        .send, .newline, .cancel, .palette, .picker, .cycleModels, .compare, .sessions, .themes, .newSession, .regenerate,
        .select, .tree, .find, .history, .tools, .settings, .editor, .copy, .pageUp, .pageDown, .scrollUp, .scrollDown,
        .top, .bottom, .mouse, .suspend, .help, .quit,
    ]

    /// The chat's actions on the status line while nothing else is said there, as many as fit.
    private static let hinted: Set<Keymap.Action> = [.send, .newline, .picker, .cycleModels, .help, .quit]

    /// Every context's rows, for F1.
    static func sections(_ keymap: Keymap) -> [Section] {
        [
            Section(context: .chat, rows: chat(keymap).helpRows),
            Section(context: .input, rows: InputCommand.bindings.helpRows),
            Section(context: .viNormal, rows: ViCommand.normalBindings.helpRows),
            Section(context: .viVisual, rows: ViCommand.visualBindings.helpRows),
            Section(context: .selection, rows: SelectionCommand.bindings(keymap).helpRows),
            Section(context: .compare, rows: CompareCommand.bindings(keymap).helpRows),
            Section(context: .picker, rows: PickerOverlay.bindings(keymap, marking: false).helpRows),
            Section(context: .comparePicker, rows: PickerOverlay.bindings(keymap, marking: true).helpRows),
            Section(context: .sessions, rows: SessionsOverlay.bindings(keymap, mode: .list).helpRows),
            Section(context: .search, rows: SessionsOverlay.bindings(keymap, mode: .search).helpRows),
            Section(context: .review, rows: ReviewBar.bindings(keymap).helpRows),
            Section(context: .prompt, rows: PromptBar.bindings.helpRows),
            Section(context: .tree, rows: TreeOverlay.bindings(keymap).helpRows),
            Section(context: .find, rows: FindBar.bindings(keymap, navigating: true).helpRows),
            Section(context: .tools, rows: ToolsOverlay.bindings(keymap).helpRows),
            Section(context: .approval, rows: ApprovalOverlay.bindings.helpRows),
            Section(context: .settings, rows: SettingsOverlay.bindings(keymap).helpRows),
            Section(context: .roles, rows: RolesOverlay.bindings.helpRows),
            Section(context: .themes, rows: ThemeOverlay.bindings(keymap).helpRows),
            Section(context: .palette, rows: PaletteOverlay.bindings(keymap).helpRows),
            Section(context: .history, rows: HistoryOverlay.bindings(keymap).helpRows),
            Section(context: .help, rows: HelpOverlay.bindings(keymap).helpRows),
        ]
    }
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
        case .copy: return "copy the last reply as markdown (OSC 52)"
        case .help: return "this help"
        case .suspend: return "suspend"
        case .pageUp, .pageDown: return "scroll a page"
        case .scrollUp, .scrollDown: return "scroll (the mouse wheel too)"
        case .top, .bottom: return "top / bottom (empty input)"
        case .select: return "select a message (newest first)"
        case .tree: return "every branch; Enter shows the chosen one"
        case .find: return "find in this conversation"
        case .mouse: return "the mouse to the terminal (select, copy) / back"
        case .tools: return "MCP servers and tools; switch them off"
        case .settings: return "settings: temperature, system prompt, history…"
        case .palette: return "every action, found by typing"
        case .history: return "search what you typed before, in every session"
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
