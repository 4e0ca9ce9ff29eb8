import Foundation
import NatterProviders

/// Which key runs which command in the chat view: SPEC 5's defaults, changed by a `"keys"` object in
/// `<config>/config.json`, e.g. `"keys": {"picker": "ctrl+o", "newline": ["ctrl+j", "alt+enter"]}`.
/// Editing keys (arrows in the input, Backspace, Delete, Tab, Ctrl+D, and the shell-line keys Ctrl+A/E/K/U/W,
/// Alt+B/F, Alt+Backspace, Ctrl+←/→) and the mouse wheel stay fixed, unless an action is bound to one of them.
/// A bad entry is skipped with a warning and the rest still apply: a typo must never keep natter from starting.
public struct Keymap: Sendable, Hashable {
    public enum Action: String, CaseIterable, Sendable {
        case send, newline, cancel, quit, picker, cycleModels, sessions, newSession, themes, regenerate, editor
        case copy, help, suspend, pageUp, pageDown, scrollUp, scrollDown, top, bottom, select, tree, find, mouse, tools, settings
        case compare, palette, history

        var defaultKeys: [Key] {
            switch self {
            case .send: return [.enter]
            case .newline: return [.newline]
            case .cancel: return [.escape]
            case .quit: return [.control("c")]
            case .picker: return [.control("p")]
            case .cycleModels: return [.function(2)]
            case .sessions: return [.control("s")]
            case .newSession: return [.control("n")]
            case .themes: return [.control("t")]
            case .regenerate: return [.control("r")]
            case .editor: return [.control("g")]
            case .copy: return [.control("y")]
            case .help: return [.function(1)]
            case .suspend: return [.control("z")]
            case .pageUp: return [.pageUp]
            case .pageDown: return [.pageDown]
            case .scrollUp: return [.shiftUp]
            case .scrollDown: return [.shiftDown]
            case .top: return [.home]
            case .bottom: return [.end]
            case .select: return [.altUp]
            case .tree: return [.control("b")]
            case .find: return [.control("f")]
            case .mouse: return [.function(12)]
            case .tools: return [.function(4)]
            case .settings: return [.control("x")]
            case .compare: return [.control("o")]
            // Ctrl+K as in peers' palettes: the input's delete-to-end gives way (Ctrl+U and Ctrl+W stay).
            case .palette: return [.control("k")]
            // Not Ctrl+R, the shells' key: natter's asks again.
            case .history: return [.function(3)]
            }
        }
    }

    public private(set) var bindings: [Action: [Key]]
    private var actions: [Key: Action]

    public static let standard = Keymap(Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, $0.defaultKeys) }))

    init(_ bindings: [Action: [Key]]) {
        self.bindings = bindings
        actions = [:]
        for action in Action.allCases {
            for key in bindings[action] ?? [] { actions[key] = action }
        }
    }

    public func action(for key: Key) -> Action? { actions[key] }

    public func keys(for action: Action) -> [Key] { bindings[action] ?? [] }

    /// Every key of the action as the help shows it ("Ctrl+J, Alt+Enter"); "none" once unbound.
    public func label(_ action: Action) -> String {
        let names = keys(for: action).flatMap(Self.names)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    /// The first key only, for the one-line hints in the status bar.
    public func shortLabel(_ action: Action) -> String {
        keys(for: action).first.flatMap { Self.names(of: $0).first } ?? "none"
    }

    // MARK: reading config.json

    /// The keymap of the config file at `path`: the defaults when it is absent, with a warning for each entry
    /// that could not be used.
    public static func load(configFile path: String) -> (keymap: Keymap, warnings: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { return (.standard, []) }
        guard let document = try? JSONValue.parse(data) else {
            return (.standard, ["\(path): \(JSONSyntaxError.describe(data) ?? "not valid JSON"); the default keys are used"])
        }
        return parse(document["keys"], path: path)
    }

    /// Reads the `keys` value. A key taken by a configured action is taken away from the action that had it
    /// by default, so `"picker": "ctrl+s"` leaves the sessions browser without a key rather than clashing.
    public static func parse(_ value: JSONValue?, path: String) -> (keymap: Keymap, warnings: [String]) {
        var warnings: [String] = []
        func warn(_ key: String, _ problem: String) { warnings.append("\(path): \(key): \(problem); skipped") }
        let entries: [String: JSONValue]
        switch value {
        case nil, .null?: return (.standard, [])
        case .object(let object)?: entries = object
        case let other?:
            warn("keys", "expected an object of action names to key names, found \(other.summary)")
            return (.standard, warnings)
        }

        var configured: [Action: [Key]] = [:]
        var claimedBy: [Key: Action] = [:]
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            let keyPath = "keys.\(name)"
            guard let action = Action(rawValue: name) else {
                warn(keyPath, "not an action natter knows; expected one of \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let items: [(String, JSONValue)]
            switch value {
            case .string: items = [(keyPath, value)]
            case .array(let list): items = list.enumerated().map { ("\(keyPath)[\($0.offset)]", $0.element) }
            default:
                warn(keyPath, "expected a key name such as \"ctrl+o\", or a list of them, found \(value.summary)")
                continue
            }
            var keys: [Key] = []
            for (itemPath, item) in items {
                guard case .string(let text) = item else {
                    warn(itemPath, "expected a key name such as \"ctrl+o\", found \(item.summary)")
                    continue
                }
                guard let key = Self.key(named: text) else {
                    warn(itemPath, "\(item.summary) is not a key natter can bind; expected e.g. ctrl+o, alt+enter, f2, pgup, shift+up, home, esc")
                    continue
                }
                if let other = claimedBy[key], other != action {
                    warn(itemPath, "\(item.summary) is already bound to \(other.rawValue)")
                    continue
                }
                claimedBy[key] = action
                if !keys.contains(key) { keys.append(key) }
            }
            // An entry whose every key was skipped keeps the defaults: a typo should not unbind a command.
            if keys.isEmpty, !items.isEmpty { continue }
            configured[action] = keys
        }

        var bindings: [Action: [Key]] = [:]
        for action in Action.allCases {
            bindings[action] = configured[action] ?? action.defaultKeys.filter { claimedBy[$0] == nil }
        }
        return (Keymap(bindings), warnings)
    }

    // MARK: key names

    /// `ctrl+p`, `alt+enter`, `f2`, `pgup`, `shift+up`, `esc`…, any case. Plain characters are refused: they
    /// are typed into the input, never pressed as commands.
    public static func key(named name: String) -> Key? {
        let lowered = name.lowercased().replacingOccurrences(of: " ", with: "")
        if lowered.hasPrefix("ctrl+") || lowered.hasPrefix("c-") {
            let rest = lowered.dropFirst(lowered.hasPrefix("ctrl+") ? 5 : 2)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter else { return nil }
            // The terminal sends these four as the same bytes as other keys; KeyDecoder reads them so.
            switch letter {
            case "h": return .backspace
            case "i": return .tab
            case "j": return .newline
            case "m": return .enter
            default: return .control(letter)
            }
        }
        if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...12).contains(number) {
            return .function(number)
        }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "alt+enter": .newline, "alt+return": .newline, "esc": .escape,
            "escape": .escape, "tab": .tab, "backspace": .backspace, "delete": .delete, "del": .delete,
            "up": .up, "down": .down, "left": .left, "right": .right, "home": .home, "end": .end,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pgdown": .pageDown, "pagedown": .pageDown,
            "shift+up": .shiftUp, "shift+down": .shiftDown, "alt+up": .altUp, "alt+down": .altDown, "ctrl+left": .controlLeft, "ctrl+right": .controlRight,
            "alt+backspace": .altBackspace, "alt+b": .alt("b"), "alt+f": .alt("f"),
        ]
        return named[lowered]
    }

    /// How the help names a key; Alt+Enter and Ctrl+J arrive as the same key, so that one has two names.
    static func names(of key: Key) -> [String] {
        switch key {
        case .character(" "): return ["Space"]
        case .character(let character): return [String(character)]
        case .control(let letter): return ["Ctrl+" + letter.uppercased()]
        case .enter: return ["Enter"]
        case .newline: return ["Ctrl+J", "Alt+Enter"]
        case .escape: return ["Esc"]
        case .up: return ["↑"]
        case .down: return ["↓"]
        case .left: return ["←"]
        case .right: return ["→"]
        case .home: return ["Home"]
        case .end: return ["End"]
        case .pageUp: return ["PgUp"]
        case .pageDown: return ["PgDn"]
        case .shiftUp: return ["Shift+↑"]
        case .shiftDown: return ["Shift+↓"]
        case .altUp: return ["Alt+↑"]
        case .altDown: return ["Alt+↓"]
        case .backspace: return ["Backspace"]
        case .delete: return ["Delete"]
        case .tab: return ["Tab"]
        case .function(let number): return ["F\(number)"]
        case .alt(let character): return ["Alt+" + character.uppercased()]
        case .altBackspace: return ["Alt+Backspace"]
        case .controlLeft: return ["Ctrl+←"]
        case .controlRight: return ["Ctrl+→"]
        case .wheelUp: return ["wheel up"]
        case .wheelDown: return ["wheel down"]
        }
    }
}
