import NatterProviders

/// The bottom row: the status (an error, a notice), else what is going on (a save failure, a tool
/// running, compare's panes, a reply streaming with its speed), else as many key hints as fit.
struct StatusLine: View {
    var state: AppState

    func render(in area: Rect, into frame: inout Frame) {
        let row = area.y
        let text: String
        let style: Style
        let keys = state.display.keymap
        if let status = state.status.text {
            text = " " + status
            style = Style(state.status.isError ? .error : .foreground, background: .selection)
        } else if let saveFailure = state.status.saveFailure {
            text = " " + saveFailure
            style = Style(.error, background: .selection)
        } else if let tool = state.reply.runningTool {
            text = " running \(TerminalText.singleLine(tool, limit: 120)) · \(keys.shortLabel(.cancel)) cancels the turn"
            style = Style(.muted, background: .selection)
        } else if let round = state.compare?.round {
            // Compare's own keys (keeping waits for the replies), then what the chat's Esc does now.
            let streaming = round.panes.filter(\.isStreaming).count
            let paneKeys = streaming > 0 ? state.display.compareHints.whileStreaming : state.display.compareHints.all
            text = streaming > 0
                ? " \(streaming) of \(round.panes.count) replies streaming · \(keys.shortLabel(.cancel)) stops them all · \(paneKeys)"
                : " \(paneKeys) · \(keys.shortLabel(.cancel)) back to one model"
            style = Style(.muted, background: .selection)
        } else if state.reply.isReplying {
            let speed = state.reply.replySpeed.map { $0.summary(now: state.now) } ?? ""
            // Inline, the terminal scrolls the conversation: PgUp is not offered.
            let scroll = state.display.screenMode == .inline ? "" : " · \(keys.shortLabel(.pageUp)) scroll"
            text = " streaming\(speed.isEmpty ? "" : " · " + speed) · \(keys.shortLabel(.cancel)) cancel\(scroll)"
            style = Style(.muted, background: .selection)
        } else {
            // The last reply's figures, then as many whole hints as fit, most useful first, rather than one cut in half.
            let last = state.reply.lastReplySpeed.map { $0.summary() }.flatMap { $0.isEmpty ? nil : "last reply " + $0 }
            let hints = (last.map { [$0] } ?? []) + KeyHelp.chat(keys).hintItems().map { "\($0.label) \($0.words)" }
            var shown = ""
            for hint in hints {
                let next = shown.isEmpty ? " " + hint : shown + " · " + hint
                guard DisplayWidth.of(next) <= area.width else { break }
                shown = next
            }
            text = shown
            style = Style(.muted, background: .selection)
        }
        frame.fill(Rect(x: area.x, y: row, width: area.width, height: 1), style: style)
        frame.putFitting(text, x: area.x, y: row, style: style, maxX: area.x + area.width)
    }
}
