import NatterProviders

/// Compare's replies, one pane each (SPEC 9): side by side while every pane gets 40 columns, else two
/// columns, else stacked; each with its own header (provider · model · tok/s · tokens · cost) and scroll.
struct ComparePanes: View {
    static let minimumPaneWidth = 40

    var round: CompareRound
    var layouts: [TranscriptLayout]
    var now: ContinuousClock.Instant

    /// Below the question's row, the panes' share of the transcript's rectangle.
    static func paneArea(in area: Rect) -> Rect {
        guard area.height > 3 else { return area }
        return Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
    }

    /// Where each pane goes in `area`, in pane order: columns left to right, a column between them for the
    /// rule, then rows top to bottom.
    static func rects(count: Int, in area: Rect) -> [Rect] {
        guard count > 0 else { return [] }
        let fits = { (columns: Int) in columns * minimumPaneWidth + (columns - 1) <= area.width }
        let columns = fits(count) ? count : fits(2) ? 2 : 1
        let rows = (count + columns - 1) / columns
        let width = (area.width - (columns - 1)) / columns
        let height = area.height / rows
        return (0..<count).map { index in
            let column = index % columns
            let row = index / columns
            let x = area.x + column * (width + 1)
            // The last column and row take what division left over.
            let paneWidth = column == columns - 1 ? area.x + area.width - x : width
            let y = area.y + row * height
            let paneHeight = row == rows - 1 ? area.y + area.height - y : height
            return Rect(x: x, y: y, width: paneWidth, height: paneHeight)
        }
    }

    func render(in area: Rect, into frame: inout Frame) {
        let panes = Self.paneArea(in: area)
        if panes.y > area.y {
            // The question is text from the person, shown as text: one line of it, without controls.
            let x = frame.put("You › ", x: area.x, y: area.y, style: Style(.accent, [.bold]))
            frame.putFitting(TerminalText.singleLine(round.question, limit: 400), x: x, y: area.y, style: Style(.foreground), maxX: area.x + area.width)
        }
        let rects = Self.rects(count: round.panes.count, in: panes)
        for (index, rect) in rects.enumerated() where rect.height > 0 {
            PaneView(pane: round.panes[index], layout: layouts.indices.contains(index) ? layouts[index] : nil, isFocused: index == round.focused, now: now)
                .render(in: rect, into: &frame)
            // The rule between side-by-side panes.
            if rect.x + rect.width < area.x + area.width {
                for y in rect.y..<(rect.y + rect.height) { frame.put("│", x: rect.x + rect.width, y: y, style: Style(.border)) }
            }
        }
    }
}

/// One pane: its header line, then the reply in the lines left.
struct PaneView: View {
    var pane: ComparePane
    var layout: TranscriptLayout?
    var isFocused: Bool
    var now: ContinuousClock.Instant

    func render(in area: Rect, into frame: inout Frame) {
        let style = isFocused ? Style(.accent, background: .selection, [.bold]) : Style(.muted, background: .selection)
        frame.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: style)
        frame.putFitting(" " + TerminalText.singleLine(pane.header(now: now), limit: 200), x: area.x, y: area.y, style: style, maxX: area.x + area.width)
        guard area.height > 1, let layout else { return }
        let lines = layout.visibleLines(pane.pane.entries, width: area.width, height: area.height - 1, scroll: pane.pane.scroll)
        for (row, line) in lines.enumerated() { frame.put(line, x: area.x, y: area.y + 1 + row, maxX: area.x + area.width) }
    }
}
