/// What a key means while compared replies are on screen, before the chat's own commands: ←/→ focus a pane
/// (with an empty input; otherwise they move the caret), the send key keeps the focused reply, the chat's
/// scroll keys scroll the focused pane. Esc is the chat's: it stops the replies, then leaves compare.
enum CompareCommand: Equatable, Sendable {
    case focus(Int), keep, scroll(Int), page(Int)

    static func bindings(_ keymap: Keymap) -> KeyBindings<CompareCommand> {
        KeyBindings(.compare, [
            KeyBinding([.left], .focus(-1), "focus a pane (empty input; the mouse wheel too)", hint: "focus"),
            KeyBinding([.right], .focus(1), "focus a pane (empty input; the mouse wheel too)", hint: "focus"),
            KeyBinding(keymap.keys(for: .send), .keep, "keep the focused reply; the conversation goes on with its model", hint: "keeps the focused reply"),
            KeyBinding(keymap.keys(for: .pageUp), .page(-1), "scroll the focused pane a page", hint: "scroll"),
            KeyBinding(keymap.keys(for: .pageDown), .page(1), "scroll the focused pane a page"),
            KeyBinding(keymap.keys(for: .scrollUp) + [.wheelUp], .scroll(-3), "scroll the focused pane"),
            KeyBinding(keymap.keys(for: .scrollDown) + [.wheelDown], .scroll(3), "scroll the focused pane"),
        ])
    }
}

/// Compare's key hints as the status line says them: all of them once the replies are in, and without "keep"
/// (which waits for them) while they stream.
struct CompareHints: Sendable {
    let all: String
    let whileStreaming: String

    init(_ keys: Keymap) {
        let bindings = CompareCommand.bindings(keys)
        all = bindings.hints()
        whileStreaming = bindings.hints { $0 != .keep }
    }
}
