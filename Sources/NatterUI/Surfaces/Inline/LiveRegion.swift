/// The inline surface's live region from the state: what is not yet printed into the scrollback (the reply while it
/// streams, compare's panes while theirs do) or the message selected, what `/` can become, then the header, the
/// input and the status line — the same views as full screen, stacked as tall as they need, never taller than the
/// terminal.
enum LiveRegion {
    /// Compare's panes take at most this many rows of the region while they stream.
    static let compareRows = 16

    /// - Parameters:
    ///   - live: the lines of the entries not yet printed (the streaming reply's).
    ///   - width: the terminal's columns; `height` its rows.
    static func frame(_ state: AppState, live: [StyledLine], layouts: LayoutCaches, width: Int, height: Int) -> Frame {
        drawn(state, live: live, layouts: layouts, width: width, height: height).frame
    }

    /// The region, and how many of its first rows are a streaming reply's tail (which the painter scrolls).
    static func drawn(_ state: AppState, live: [StyledLine], layouts: LayoutCaches, width: Int, height: Int) -> (frame: Frame, scrolling: Int) {
        let width = max(1, width)
        let layout = Screen.Layout(state, width: width, height: height)
        let (input, chips) = (layout.input, layout.chips)
        let bottom = 1 + (1 + chips + input.lines.count) + 1
        // At most half the terminal: a terminal made shorter drops its top rows into the scrollback, and a region
        // reaching the top would leave a torn copy of itself there; half leaves room to shrink by half.
        let available = max(0, min(height, max(bottom, height / 2)) - bottom)

        let slash = state.composer.input.text.first == "/" && state.keyContext == .input
            ? SlashCompletion.rows(for: state.composer.input.string, in: state) : []
        let slashRows = slash.isEmpty ? 0 : min(available, min(slash.count, SlashCompletionList.visible) + (slash.count > SlashCompletionList.visible ? 1 : 0))
        let streamingPanes = state.compare?.round.flatMap { round in round.panes.contains { $0.isStreaming } ? round : nil }
        let above = max(0, available - slashRows)
        // A reply's trailing blank lines (a paragraph's gap) would take the few rows there are from its text.
        var live = live[..<(live.lastIndex { !$0.allSatisfy { $0.text.allSatisfy(\.isWhitespace) } }.map { $0 + 1 } ?? 0)]
        // A message selected (Alt+↑, to edit, copy or branch from it) is shown from its start: printed above, it may
        // be far up the scrollback.
        let selected = state.pane.selection.flatMap { id in state.pane.entries.first { $0.messageID == id && $0.isMessageHead } }
        if let selected { live = layouts.transcript.lines(for: selected, width: width).prefix(above) }
        let body = streamingPanes != nil ? min(above, compareRows) : min(above, live.count)

        var frame = Frame(width: width, height: body + slashRows + bottom)
        if let round = streamingPanes {
            ComparePanes(round: round, layouts: layouts.panes, now: state.now).render(in: Rect(x: 0, y: 0, width: width, height: body), into: &frame)
        } else {
            for (row, line) in live.suffix(body).enumerated() { frame.put(line, x: 0, y: row) }
        }
        if slashRows > 0 { SlashCompletionList(rows: slash).render(in: Rect(x: 0, y: body, width: width, height: slashRows), into: &frame) }
        let header = body + slashRows
        HeaderBar(state: state, tools: state.toolsLabel).render(in: Rect(x: 0, y: header, width: width, height: 1), into: &frame)
        InputArea(state: state, input: input, chips: chips).render(in: Rect(x: 0, y: header + 1, width: width, height: 1 + chips + input.lines.count), into: &frame)
        StatusLine(state: state).render(in: Rect(x: 0, y: frame.height - 1, width: width, height: 1), into: &frame)
        // The caret as a cell of its own: the terminal's cursor stays parked at the region's top-left corner (see
        // RegionPainter), hidden.
        if let cursor = frame.cursor, cursor.x < width, cursor.y < frame.height {
            frame[cursor.x, cursor.y].style = frame[cursor.x, cursor.y].style.with(.reverse)
        }
        let scrolling = streamingPanes == nil && selected == nil ? body : 0
        guard frame.height > height else { return (frame, scrolling) }
        let skipped = frame.height - max(0, height)
        return (frame.bottom(max(0, height)), max(0, scrolling - skipped))
    }
}

extension Frame {
    /// The last `rows` rows: what a terminal too short for the whole region shows of it (the input and the status
    /// line before anything above them).
    func bottom(_ rows: Int) -> Frame {
        var cropped = Frame(width: width, height: rows)
        let skipped = height - rows
        for y in 0..<rows {
            for x in 0..<width { cropped[x, y] = self[x, y + skipped] }
        }
        cropped.cursor = cursor.flatMap { $0.y >= skipped ? (x: $0.x, y: $0.y - skipped) : nil }
        return cropped
    }
}
