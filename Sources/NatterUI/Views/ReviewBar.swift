import NatterProviders

/// The input row while a saved session is reviewed (what can be done with it) or while a prompt asks a question.
enum ReviewBar {
    static func draw(_ review: ReviewState, state: AppState, into frame: inout Frame, row: Int) {
        let current = "\(state.providerName) · \(state.model)"
        let keys: [(String, String)] = [
            ("Enter", "resume"), ("c", "resume with \(TerminalText.singleLine(current, limit: 40))"), ("n", "rename"),
            ("e", "export"), ("d", "delete"), ("Esc", "back"),
        ]
        var x = frame.put("read-only ", x: 0, y: row, style: Style(.warning, [.bold]))
        for (key, action) in keys {
            x = frame.put(key, x: x + 1, y: row, style: Style(.accent, [.bold]))
            x = frame.put(" " + action, x: x, y: row, style: Style(.muted))
        }
    }

    /// The question and the answer typed so far, from `x` on `row`, the caret after it.
    static func drawPrompt(_ prompt: Prompt, into frame: inout Frame, row: Int, x start: Int = 0, maxX: Int? = nil) {
        let limit = maxX ?? frame.width
        frame.fill(Rect(x: start, y: row, width: limit - start, height: 1), style: .plain)
        let label = TerminalText.singleLine(prompt.label, limit: 80) + ": "
        let x = frame.put(label, x: start, y: row, style: Style(.accent, [.bold]), maxX: limit)
        let shown = TerminalText.singleLine(prompt.input.string, limit: 500)
        frame.put(shown, x: x, y: row, style: .plain, maxX: limit)
        let caretText = String(prompt.input.text.prefix(prompt.input.caret))
        frame.cursor = (x: min(limit - 1, x + DisplayWidth.of(TerminalText.singleLine(caretText, limit: 500))), y: row)
    }
}
