/// F1: every key natter answers to.
public enum HelpOverlay {
    public static let bindings: [(String, String)] = [
        ("Enter", "send"),
        ("Ctrl+J, Alt+Enter", "new line in the input"),
        ("Esc", "cancel the reply / close this"),
        ("Ctrl+P", "provider and model picker"),
        ("F2", "next recently used model"),
        ("Ctrl+S", "saved sessions; Tab searches"),
        ("Ctrl+T", "theme picker"),
        ("Ctrl+N", "new session"),
        ("Ctrl+R", "regenerate the last reply"),
        ("Ctrl+E", "edit the input in $EDITOR"),
        ("Ctrl+Y", "copy the last reply (OSC 52)"),
        ("PgUp/PgDn, Shift+↑/↓, wheel", "scroll"),
        ("Home/End", "top / bottom (empty input)"),
        ("↑/↓", "input history"),
        ("Ctrl+Z", "suspend"),
        ("Ctrl+C", "cancel the reply, or quit"),
        ("F1", "this help"),
    ]

    static func draw(into frame: inout Frame) {
        let keyWidth = bindings.map { DisplayWidth.of($0.0) }.max() ?? 0
        let area = OverlayBox.draw(title: "Keys", width: keyWidth + 40, height: bindings.count + 2, into: &frame)
        for (row, binding) in bindings.enumerated() where row < area.height {
            let column = frame.put(binding.0, x: area.x, y: area.y + row, style: Style(.accent), maxX: area.maxX)
            frame.put(binding.1, x: max(column, area.x + keyWidth) + 2, y: area.y + row, style: .plain, maxX: area.maxX)
        }
    }
}
