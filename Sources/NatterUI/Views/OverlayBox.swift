/// A bordered box in the middle of the screen, for the help and picker overlays.
enum OverlayBox {
    /// Draws the box and returns the area inside its border.
    static func draw(title: String, width: Int, height: Int, into frame: inout Frame) -> Rect {
        let boxWidth = min(width, frame.width - 2)
        let boxHeight = min(height, frame.height - 2)
        let x = (frame.width - boxWidth) / 2
        let y = (frame.height - boxHeight) / 2
        let border = Style(.border)
        frame.fill(Rect(x: x, y: y, width: boxWidth, height: boxHeight), style: .plain)
        let horizontal = String(repeating: "─", count: max(0, boxWidth - 2))
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
