/// F1: every key natter answers to, as the keymap has them now (config.json may have moved some).
public enum HelpOverlay {
    /// Rows of the help: the actions sharing a row (their keys joined by "/"), and what they do.
    static let rows: [([Keymap.Action], String)] = [
        ([.send], "send"),
        ([.newline], "new line in the input"),
        ([.cancel], "cancel the reply / close this"),
        ([.picker], "provider and model picker"),
        ([.cycleModels], "next recently used model"),
        ([.sessions], "saved sessions; Tab searches"),
        ([.themes], "theme picker"),
        ([.newSession], "new session"),
        ([.regenerate], "regenerate the last reply"),
        ([.editor], "edit the input in $EDITOR"),
        ([.copy], "copy the last reply (OSC 52)"),
        ([.pageUp, .pageDown], "scroll a page"),
        ([.scrollUp, .scrollDown], "scroll (the mouse wheel too)"),
        ([.top, .bottom], "top / bottom (empty input)"),
        ([], "input history"),
        ([.suspend], "suspend"),
        ([.quit], "cancel the reply, or quit"),
        ([.help], "this help"),
    ]

    public static func bindings(_ keymap: Keymap) -> [(String, String)] {
        rows.map { actions, meaning in
            (actions.isEmpty ? "↑/↓" : actions.map(keymap.label).joined(separator: "/"), meaning)
        }
    }

    static func draw(_ keymap: Keymap, into frame: inout Frame) {
        let bindings = bindings(keymap)
        let keyWidth = bindings.map { DisplayWidth.of($0.0) }.max() ?? 0
        let area = OverlayBox.draw(title: "Keys", width: keyWidth + 40, height: bindings.count + 2, into: &frame)
        for (row, binding) in bindings.enumerated() where row < area.height {
            let column = frame.put(binding.0, x: area.x, y: area.y + row, style: Style(.accent), maxX: area.maxX)
            frame.put(binding.1, x: max(column, area.x + keyWidth) + 2, y: area.y + row, style: .plain, maxX: area.maxX)
        }
    }
}
