import Foundation
import NatterProviders

/// A question asked on the input row (rename, export, delete, a setting's value): the question, the answer
/// typed so far, the caret after it. Enter answers, Esc drops it.
struct PromptBar: View {
    let prompt: Prompt

    /// What a command does to the question (its own update, beside its view).
    enum Step: Equatable {
        case edit(Prompt)
        case cancel
        /// The answer as typed, trimmed; "" for a yes to a yes-or-no question.
        case answer(String)
    }

    enum Command: Equatable, Sendable {
        case cancel, answer, erase, clear, deleteForward, left, right, home, end, type(String)
    }

    /// Editing keys; anything else is typed.
    static let bindings = KeyBindings<Command>(.prompt, [
        KeyBinding([.enter], .answer, "answer"),
        KeyBinding([.escape, .control("c")], .cancel, "drop the question"),
        KeyBinding([.backspace], .erase, "delete before / after the caret"),
        KeyBinding([.delete], .deleteForward, "delete before / after the caret"),
        KeyBinding([.control("u")], .clear, "clear the answer"),
        KeyBinding([.left], .left, "move the caret"),
        KeyBinding([.right], .right, "move the caret"),
        KeyBinding([.home], .home, "start / end"),
        KeyBinding([.end], .end, "start / end"),
    ])

    /// A yes-or-no question: y says yes, any other key no.
    static let confirmBindings = KeyBindings<Command>(.prompt, [
        KeyBinding([.character("y"), .character("Y")], .answer, "yes"),
    ])

    static func bindings(for prompt: Prompt) -> KeyBindings<Command> {
        if prompt.kind.isYesOrNo { return confirmBindings }
        return bindings
    }

    static func update(_ current: Prompt, _ command: Command) -> Step {
        var prompt = current
        if prompt.kind.isYesOrNo { return command == .answer ? .answer("") : .cancel }
        switch command {
        case .cancel: return .cancel
        case .answer: return .answer(prompt.input.string.trimmingCharacters(in: .whitespaces))
        case .erase: prompt.input.backspace()
        case .clear: prompt.input = InputBuffer()
        case .deleteForward: prompt.input.deleteForward()
        case .left: prompt.input.moveLeft()
        case .right: prompt.input.moveRight()
        case .home: prompt.input.moveToLineStart()
        case .end: prompt.input.moveToLineEnd()
        case .type(let text): prompt.input.insert(PastedText.singleLine(text))
        }
        return .edit(prompt)
    }

    func render(in area: Rect, into frame: inout Frame) {
        let row = area.y
        let limit = area.maxX
        frame.fill(Rect(x: area.x, y: row, width: area.width, height: 1), style: .plain)
        let label = TerminalText.singleLine(prompt.label, limit: 80) + ": "
        let x = frame.put(label, x: area.x, y: row, style: Style(.accent, [.bold]), maxX: limit)
        let shown = TerminalText.singleLine(prompt.input.string, limit: 500)
        frame.put(shown, x: x, y: row, style: .plain, maxX: limit)
        let caretText = String(prompt.input.text.prefix(prompt.input.caret))
        frame.cursor = (x: min(limit - 1, x + DisplayWidth.of(TerminalText.singleLine(caretText, limit: 500))), y: row)
    }
}
