/// A bordered box in the middle of the area an overlay is given.
enum OverlayBox {
    /// Draws the box and returns the area inside its border.
    static func draw(title: String, width: Int, height: Int, in area: Rect, into frame: inout Frame) -> Rect {
        let boxWidth = max(0, min(width, area.width - 2))
        let boxHeight = max(0, min(height, area.height - 2))
        guard boxWidth >= 4, boxHeight >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let x = area.x + (area.width - boxWidth) / 2
        let y = area.y + (area.height - boxHeight) / 2
        let border = Style(.border)
        frame.fill(Rect(x: x, y: y, width: boxWidth, height: boxHeight), style: .plain)
        let horizontal = String(repeating: "─", count: boxWidth - 2)
        frame.put("╭" + horizontal + "╮", x: x, y: y, style: border)
        frame.put("╰" + horizontal + "╯", x: x, y: y + boxHeight - 1, style: border)
        for row in (y + 1)..<(y + boxHeight - 1) {
            frame.put("│", x: x, y: row, style: border)
            frame.put("│", x: x + boxWidth - 1, y: row, style: border)
        }
        frame.put(" \(title) ", x: x + 2, y: y, style: Style(.accent, [.bold]), maxX: x + boxWidth - 2)
        return Rect(x: x + 2, y: y + 1, width: boxWidth - 4, height: boxHeight - 2)
    }
}
