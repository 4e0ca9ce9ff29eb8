import NatterProviders

/// The input row while a saved session is reviewed: that it is read-only, and what can be done with it.
struct ReviewBar: View {
    let state: AppState

    /// A review's letters are commands, as in a pager: nothing is typed while reviewing.
    enum Command: Equatable, Sendable {
        case back, leave, resume(withCurrentModel: Bool), act(SessionAction), scroll(Int), page(Int), top, bottom, help, find
    }

    /// - Parameter current: the model in use, which `c` resumes with.
    static func bindings(_ keymap: Keymap, current: String = "the model in use") -> KeyBindings<Command> {
        KeyBindings(.review, [
            KeyBinding([.enter, .character("r")], .resume(withCurrentModel: false), "resume it with its own model", hint: "resume"),
            KeyBinding([.character("c")], .resume(withCurrentModel: true), "resume it with \(current)", hint: "resume with \(current)"),
            KeyBinding([.character("n")], .act(.rename), "rename it", hint: "rename"),
            KeyBinding([.character("e")], .act(.export), "export it as Markdown", hint: "export"),
            KeyBinding([.character("d")], .act(.delete), "delete it (asks first)", hint: "delete"),
            KeyBinding([.escape, .character("q")], .back, "back to the sessions list", hint: "back"),
            KeyBinding([.control("c")], .leave, "back to the chat"),
            KeyBinding([.up, .shiftUp, .wheelUp, .character("k")], .scroll(-3), "scroll"),
            KeyBinding([.down, .shiftDown, .wheelDown, .character("j")], .scroll(3), "scroll"),
            KeyBinding([.pageUp], .page(-1), "scroll a page"),
            KeyBinding([.pageDown, .character(" ")], .page(1), "scroll a page"),
            KeyBinding([.home, .character("g")], .top, "top / bottom"),
            KeyBinding([.end, .character("G")], .bottom, "top / bottom"),
            KeyBinding(keymap.keys(for: .find), .find, "find in it"),
            KeyBinding(keymap.keys(for: .help), .help, "help"),
        ])
    }

    func render(in area: Rect, into frame: inout Frame) {
        let current = TerminalText.singleLine("\(state.providerName) · \(state.model)", limit: 40)
        var x = frame.put("read-only ", x: area.x, y: area.y, style: Style(.warning, [.bold]), maxX: area.maxX)
        for item in Self.bindings(state.keymap, current: current).hintItems() {
            x = frame.put(item.label, x: x + 1, y: area.y, style: Style(.accent, [.bold]), maxX: area.maxX)
            x = frame.put(" " + item.words, x: x, y: area.y, style: Style(.muted), maxX: area.maxX)
        }
    }
}
