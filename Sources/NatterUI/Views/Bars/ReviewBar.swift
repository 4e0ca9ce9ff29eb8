import NatterProviders

/// The input row while a saved session is reviewed: that it is read-only, and what can be done with it.
struct ReviewBar: View {
    let state: AppState

    /// A review's letters are commands, as in a pager: nothing is typed while reviewing.
    enum Command: Equatable, Sendable {
        case back, leave, resume(withCurrentModel: Bool), act(SessionAction), scroll(Int), page(Int), top, bottom, help, find
    }

    /// What a command does to the review (its own update, beside its view): the app applies it.
    enum Step: Equatable {
        /// Back to the list the session was opened from.
        case browse(BrowserState)
        /// Back to the live chat.
        case leave
        case resume(sessionID: String, withCurrentModel: Bool)
        case ask(Prompt)
        /// The transcript scrolled by lines and pages (a page is the viewport's height less one).
        case scroll(lines: Int, pages: Int)
        case top, bottom, help, find
    }

    static func update(_ review: ReviewState, _ command: Command) -> Step {
        switch command {
        case .back: return .browse(review.browser)
        case .leave: return .leave
        case .resume(let withCurrentModel): return .resume(sessionID: review.summary.id, withCurrentModel: withCurrentModel)
        case .act(let action): return .ask(Prompt.asking(action, about: review.summary))
        case .scroll(let lines): return .scroll(lines: lines, pages: 0)
        case .page(let pages): return .scroll(lines: 0, pages: pages)
        case .top: return .top
        case .bottom: return .bottom
        case .help: return .help
        case .find: return .find
        }
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
        let current = TerminalText.singleLine("\(state.setup.providerName) · \(state.setup.model)", limit: 40)
        var x = frame.put("read-only ", x: area.x, y: area.y, style: Style(.warning, [.bold]), maxX: area.maxX)
        for item in Self.bindings(state.display.keymap, current: current).hintItems() {
            x = frame.put(item.label, x: x + 1, y: area.y, style: Style(.accent, [.bold]), maxX: area.maxX)
            x = frame.put(" " + item.words, x: x, y: area.y, style: Style(.muted), maxX: area.maxX)
        }
    }
}
