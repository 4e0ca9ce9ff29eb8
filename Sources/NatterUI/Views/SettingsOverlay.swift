import NatterProviders

/// Ctrl+X: each setting with its value, the highlighted one edited with Enter.
enum SettingsOverlay {
    static func draw(_ state: AppState, selected: Int, into frame: inout Frame) {
        let rows = SettingsRow.allCases
        let area = OverlayBox.draw(
            title: "Settings for this conversation · Enter edits · ⌫ resets · Esc closes", width: min(frame.width - 4, 90),
            height: min(frame.height - 2, rows.count + 4), into: &frame)
        guard area.height > 0, area.width > 16 else { return }
        let nameWidth = 15
        for (index, row) in rows.enumerated() where index < area.height {
            let y = area.y + index
            let isSelected = index == selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            let value = row.value(state.parameters, system: state.systemPrompt)
            let x = frame.put(row.title.padding(toLength: nameWidth, withPad: " ", startingAt: 0), x: area.x, y: y, style: style, maxX: area.maxX)
            let shown = value.isEmpty ? (row == .systemPrompt ? "none" : "the model's default") : TerminalText.singleLine(value, limit: 200)
            frame.putFitting(shown, x: x, y: y, style: value.isEmpty && !isSelected ? Style(.muted) : style, maxX: area.maxX)
        }
        if area.height > rows.count + 1 {
            frame.putFitting("Sent with every request from now on, and kept in the transcript.", x: area.x, y: area.y + rows.count + 1, style: Style(.muted), maxX: area.maxX)
        }
    }
}
