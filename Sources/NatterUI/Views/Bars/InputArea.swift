/// Below the transcript: a rule, then the input with its chips, or what takes its place (a prompt's
/// question, the find bar, the review's keys). It places the terminal's cursor.
struct InputArea: View {
    var state: AppState
    var input: InputView.Layout
    var chips: Int

    func render(in area: Rect, into frame: inout Frame) {
        frame.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: Style(.border))
        if let vi = state.composer.vi, state.prompt == nil, state.find == nil, state.review == nil {
            // vi's mode on the rule above the input, and the keys a command waits for, as vi's showmode and showcmd.
            let mode: String
            switch vi.mode {
            case .insert: mode = "INSERT"
            case .normal: mode = "NORMAL"
            case .visual(_, let lines): mode = lines ? "VISUAL LINE" : "VISUAL"
            }
            let pending = vi.pendingKeys
            frame.put(" \(mode)\(pending.isEmpty ? "" : " " + pending) ", x: area.x + 1, y: area.y, style: Style(.accent), maxX: area.x + area.width)
        }
        let top = area.y + 1
        if let prompt = state.prompt, state.overlay == nil {  // with the browser open, it asks in the browser
            PromptBar(prompt: prompt).render(in: Rect(x: area.x, y: top, width: area.width, height: 1), into: &frame)
        } else if let find = state.find {
            FindBar(find: find, keymap: state.display.keymap).render(in: Rect(x: area.x, y: top, width: area.width, height: 1), into: &frame)
        } else if state.review != nil {
            ReviewBar(state: state).render(in: Rect(x: area.x, y: top, width: area.width, height: 1), into: &frame)
        } else {
            if chips > 0 { AttachmentChips.draw(state.composer.attachments, into: &frame, row: top) }
            let first = top + chips
            for (row, line) in input.lines.enumerated() {
                frame.put(row == 0 && input.firstVisible == 0 ? "› " : "  ", x: area.x, y: first + row, style: Style(.accent))
                frame.put(line, x: area.x + 2, y: first + row, style: .plain)
            }
            for span in input.selected where first + span.y < min(area.y + area.height, frame.height) {
                for column in span.columns where area.x + 2 + column < min(area.x + area.width, frame.width) {
                    frame[area.x + 2 + column, first + span.y].style = Style(.foreground, background: .selection)
                }
            }
            frame.cursor = (x: area.x + 2 + input.caret.x, y: first + input.caret.y)
        }
    }
}
