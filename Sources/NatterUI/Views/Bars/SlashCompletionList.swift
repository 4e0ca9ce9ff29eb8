/// The commands (or names) `/` offers while it is typed, drawn over the transcript's last rows just above the
/// input: each with its help, the first marked as the one Tab takes.
struct SlashCompletionList: View {
    let rows: [SlashCompletion.Row]

    /// As many rows as are shown at most; more are said as a count.
    static let visible = 8

    func render(in area: Rect, into frame: inout Frame) {
        guard !rows.isEmpty, area.height > 0 else { return }
        let shown = Array(rows.prefix(min(Self.visible, area.height - (rows.count > Self.visible ? 1 : 0))))
        let more = rows.count - shown.count
        let height = shown.count + (more > 0 ? 1 : 0)
        let top = area.y + area.height - height
        let nameWidth = min(area.width / 2, (shown.map { DisplayWidth.of($0.text) }.max() ?? 0) + 2)
        for (index, row) in shown.enumerated() {
            let y = top + index
            let style = index == 0 ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground, background: .codeBackground)
            frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            frame.put(row.text, x: area.x + 1, y: y, style: Style(.accent, background: style.background, index == 0 ? [.bold] : []), maxX: area.x + nameWidth)
            frame.put(row.help, x: area.x + nameWidth + 1, y: y, style: Style(.muted, background: style.background), maxX: area.maxX)
        }
        if more > 0 {
            let y = top + shown.count
            frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: Style(.muted, background: .codeBackground))
            frame.put("… \(more) more: type to narrow, Tab takes the first", x: area.x + 1, y: y, style: Style(.muted, background: .codeBackground), maxX: area.maxX)
        }
    }
}
