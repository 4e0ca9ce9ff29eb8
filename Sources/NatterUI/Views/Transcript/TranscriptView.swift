/// The conversation's entries in the rectangle they are given: the lines in view (only those are laid out),
/// the find or review highlight on them, and the "more below" marker while the view is held.
struct TranscriptView: View {
    var state: AppState
    var layout: TranscriptLayout

    func render(in area: Rect, into frame: inout Frame) {
        let lines = layout.visibleLines(state.pane.entries, width: area.width, height: area.height, scroll: state.pane.scroll)
        for (row, line) in lines.enumerated() { frame.put(line, x: area.x, y: area.y + row) }
        if let query = state.find?.query.string ?? state.review?.highlight {
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            for row in 0..<lines.count { Highlighter.mark(trimmed, inRow: area.y + row, of: &frame) }
        }
        if case .held = state.pane.scroll {
            let marker = " ↓ more below · End "
            frame.put(marker, x: area.x + area.width - DisplayWidth.of(marker), y: area.y + area.height - 1, style: Style(.accent, background: .selection))
        }
    }
}
