/// F1: every key natter answers to, as the keymap has them now (config.json may have moved some), scrolled
/// with ↑/↓ and PgUp/PgDn where the terminal is too short for all of them.
public enum HelpOverlay {
    /// F1's rows: `KeyHelp`'s, each action's keys as bound now.
    static var rows: [KeyHelp.Row] { KeyHelp.rows }

    /// Its keys (the overlay's own update, beside its view): the first row shown after `key`, or nil when
    /// it closes.
    static func update(top: Int, key: Key, keymap: Keymap) -> Int? {
        switch key {
        case .down, .shiftDown, .wheelDown: return min(top + 1, rows.count - 1)
        case .up, .shiftUp, .wheelUp: return max(0, top - 1)
        case .pageDown: return min(top + 5, rows.count - 1)
        case .pageUp: return max(0, top - 5)
        case _ where key == .escape || key == .character("q") || key == .enter || keymap.action(for: key) == .help: return nil
        default: return top
        }
    }

    public static func bindings(_ keymap: Keymap) -> [(String, String)] {
        rows.map { row in
            switch row.keys {
            case .actions(let actions): return (actions.map(keymap.label).joined(separator: "/"), row.meaning)
            case .fixed(let text): return (text, row.meaning)
            }
        }
    }

    /// The first row shown, kept within what the height allows.
    static func clampedTop(_ top: Int, visible: Int) -> Int {
        max(0, min(top, rows.count - visible))
    }

    static func draw(_ keymap: Keymap, top: Int, into frame: inout Frame) {
        let bindings = bindings(keymap)
        let keyWidth = bindings.map { DisplayWidth.of($0.0) }.max() ?? 0
        let area = OverlayBox.draw(title: "Keys", width: keyWidth + 54, height: bindings.count + 2, into: &frame)
        let scrolls = area.height < bindings.count
        let visible = scrolls ? max(1, area.height - 1) : area.height
        let first = clampedTop(top, visible: visible)
        for (row, binding) in bindings[first..<min(bindings.count, first + visible)].enumerated() {
            let column = frame.put(binding.0, x: area.x, y: area.y + row, style: Style(.accent), maxX: area.maxX)
            frame.putFitting(binding.1, x: max(column, area.x + keyWidth) + 2, y: area.y + row, style: .plain, maxX: area.maxX)
        }
        if scrolls {
            let more = "\(first > 0 ? "↑" : " ")\(first + visible < bindings.count ? "↓" : " ") \(first + 1)–\(first + visible) of \(bindings.count)"
            frame.put(more, x: area.x, y: area.y + area.height - 1, style: Style(.muted), maxX: area.maxX)
        }
    }
}
