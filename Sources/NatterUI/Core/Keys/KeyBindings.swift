/// Where a key means what its binding says. Each context's keys are one list of bindings, and from that list
/// come the command a key means there, F1's rows and the hint rows (DESIGN, "The UI core"): the words for a
/// key are written once, beside the command they describe.
enum KeyContext: String, CaseIterable, Sendable {
    case chat, input, viNormal, viVisual, selection, compare, picker, comparePicker, themes, sessions, search, review, prompt, tree, find
    case tools, approval, settings, roles, palette, history, help

    /// F1's heading for the context's rows.
    var title: String {
        switch self {
        case .chat: return "Chat"
        case .input: return "Typing in the input"
        case .viNormal: return "vi's normal mode (\"input\": \"vi\"; Esc in the input)"
        case .viVisual: return "vi's visual mode (v or V)"
        case .selection: return "A selected message (Alt+↑)"
        case .compare: return "Compared replies on screen"
        case .picker: return "Provider and model picker"
        case .comparePicker: return "Picking models to compare"
        case .themes: return "Theme picker"
        case .sessions: return "Saved sessions"
        case .search: return "Searching all sessions"
        case .review: return "Reviewing a saved session"
        case .prompt: return "A question on the input line (rename, export…)"
        case .tree: return "Branches"
        case .find: return "Find in the conversation"
        case .tools: return "MCP servers and tools"
        case .approval: return "A tool call waiting for approval"
        case .settings: return "Settings"
        case .roles: return "Roles"
        case .palette: return "The command palette"
        case .history: return "Searching what you typed before"
        case .help: return "This help"
        }
    }
}

/// Keys, the command they mean in their context, and what F1 and the hint rows say about them.
struct KeyBinding<Command: Sendable>: Sendable {
    var keys: [Key]
    var command: Command
    /// F1's words.
    var help: String
    /// The hint row's word; nil keeps the binding off hint rows.
    var hint: String?
    /// How the keys are named where their own names would say it badly ("1–9" for nine digit keys).
    var label: String?

    init(_ keys: [Key], _ command: Command, _ help: String, hint: String? = nil, label: String? = nil) {
        self.keys = keys
        self.command = command
        self.help = help
        self.hint = hint
        self.label = label
    }

    /// Every key's name ("Esc", "Ctrl+C"), for F1; ["none"] once unbound.
    var names: [String] {
        if let label { return [label] }
        let names = keys.flatMap(Keymap.names)
        return names.isEmpty ? ["none"] : names
    }

    /// The first key's name, for a hint row.
    var shortLabel: String { names[0] }
}

/// One context's bindings. The first binding holding a key decides what the key means, so a context lists
/// the bindings that must win (a configured key) before the ones that give way.
struct KeyBindings<Command: Sendable>: Sendable {
    let context: KeyContext
    let list: [KeyBinding<Command>]

    init(_ context: KeyContext, _ list: [KeyBinding<Command>]) {
        self.context = context
        self.list = list
    }

    func command(for key: Key) -> Command? {
        list.first { $0.keys.contains(key) }?.command
    }

    /// For a context with a text field: a key no binding holds types its character.
    func command(for key: Key, typing: (Character) -> Command) -> Command? {
        if let command = command(for: key) { return command }
        if case .character(let character) = key { return typing(character) }
        return nil
    }

    /// F1's rows. Neighbours with the same words share a row ("↑/↓  move").
    var helpRows: [KeyHelp.Row] {
        Self.merged(list.map { (names: $0.names, words: $0.help) }).map { KeyHelp.Row(keys: $0.label, meaning: $0.words) }
    }

    /// "↑/↓ move · Enter show · Esc close": the bindings with a hint word, those `including` lets through.
    func hints(including: (Command) -> Bool = { _ in true }) -> String {
        hintItems(including: including).map { "\($0.label) \($0.words)" }.joined(separator: " · ")
    }

    /// The same as key and words apart, for a row that styles them apart.
    func hintItems(including: (Command) -> Bool = { _ in true }) -> [(label: String, words: String)] {
        let shown = list.filter { $0.hint != nil && including($0.command) }
        return Self.merged(shown.map { (names: [$0.shortLabel], words: $0.hint ?? "") })
    }

    /// Runs of the same words become one row. Bindings with as many keys each pair them up, key by key
    /// ("↑/↓, Alt+↑/↓, k/j" from ↑, Alt+↑, k and ↓, Alt+↓, j); otherwise their labels follow one another.
    private static func merged(_ items: [(names: [String], words: String)]) -> [(label: String, words: String)] {
        var runs: [(columns: [[String]], words: String)] = []
        for item in items {
            guard let last = runs.last, last.words == item.words else {
                runs.append((item.names.map { [$0] }, item.words))
                continue
            }
            if last.columns.count == item.names.count {
                for (index, name) in item.names.enumerated() where !last.columns[index].contains(name) {
                    runs[runs.count - 1].columns[index].append(name)
                }
            } else {
                runs[runs.count - 1].columns = [[label(last.columns), item.names.joined(separator: ", ")]]
            }
        }
        return runs.map { (label($0.columns), $0.words) }
    }

    private static func label(_ columns: [[String]]) -> String {
        columns.map(paired).joined(separator: ", ")
    }

    /// "Shift+↑/↓" for Shift+↑ and Shift+↓: the prefix they share up to a "+" or a space is said once.
    private static func paired(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        let characters = names.map(Array.init)
        var boundary = 0
        var index = 0
        while characters.allSatisfy({ index < $0.count && $0[index] == characters[0][index] }) {
            if characters[0][index] == "+" || characters[0][index] == " " { boundary = index + 1 }
            index += 1
        }
        let rests = characters.map { String($0[boundary...]) }
        guard !rests.contains(where: \.isEmpty) else { return names.joined(separator: "/") }
        return String(characters[0][..<boundary]) + rests.joined(separator: "/")
    }
}
