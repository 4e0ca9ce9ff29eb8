/// F1: every key natter answers to, context by context, as the keymap has them now (config.json may have
/// moved some), scrolled with ↑/↓ and PgUp/PgDn where the terminal is too short for all of them.
struct HelpOverlay: View {
    let keymap: Keymap
    var mode: ScreenMode = .full
    let top: Int

    /// One line of F1: a context's heading, or one of its rows.
    enum Line: Hashable {
        case heading(String)
        case row(KeyHelp.Row)
    }

    static func lines(_ keymap: Keymap, mode: ScreenMode = .full) -> [Line] {
        modeLines(keymap, mode) + KeyHelp.sections(keymap).flatMap { section in
            [.heading(section.context.title)] + section.rows.map(Line.row)
        }
    }

    /// What the screen mode in use changes, first: the keys whose work the terminal itself does inline, and how
    /// plain mode is answered.
    static func modeLines(_ keymap: Keymap, _ mode: ScreenMode) -> [Line] {
        switch mode {
        case .full:
            return []
        case .inline:
            return [
                .heading("Inline mode"),
                .row(KeyHelp.Row(keys: "the terminal's keys", meaning: "scroll, search, select and copy the conversation in the scrollback")),
                .row(KeyHelp.Row(keys: keymap.shortLabel(.find), meaning: "not inline: the terminal's own search finds in the conversation")),
                .row(KeyHelp.Row(keys: "PgUp PgDn", meaning: "not inline: the terminal's scrollback holds the conversation")),
                .row(KeyHelp.Row(keys: "panels", meaning: "open over the conversation and close back to it, leaving no trace")),
            ]
        case .plain:
            return [
                .heading("Plain mode"),
                .row(KeyHelp.Row(keys: "Enter", meaning: "sends the line typed; each message is said once, in words")),
                .row(KeyHelp.Row(keys: "↑ ↓ in a panel", meaning: "move, and the row moved to is said")),
                .row(KeyHelp.Row(keys: "Esc", meaning: "closes a panel, or cancels the reply")),
            ]
        }
    }

    enum Command: Equatable, Sendable {
        case scroll(Int), close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.help, [
            KeyBinding([.up, .shiftUp, .wheelUp], .scroll(-1), "scroll", hint: "scroll"),
            KeyBinding([.down, .shiftDown, .wheelDown], .scroll(1), "scroll", hint: "scroll"),
            KeyBinding([.pageUp], .scroll(-10), "scroll a page"),
            KeyBinding([.pageDown], .scroll(10), "scroll a page"),
            KeyBinding([.escape, .character("q"), .enter] + keymap.keys(for: .help), .close, "close", hint: "close"),
        ])
    }

    /// Its update, beside its view: the first line shown after the command, or nil when it closes.
    static func update(top: Int, _ command: Command, lineCount: Int) -> Int? {
        switch command {
        case .close: return nil
        case .scroll(let delta): return max(0, min(top + delta, lineCount - 1))
        }
    }

    /// The first line shown, kept within what the height allows.
    static func clampedTop(_ top: Int, visible: Int, count: Int) -> Int {
        max(0, min(top, count - visible))
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let lines = Self.lines(keymap, mode: mode)
        let rows = lines.compactMap { line -> KeyHelp.Row? in
            if case .row(let row) = line { return row }
            return nil
        }
        // A long list of keys pushes its own meaning right rather than every row's.
        let keyWidth = min(22, rows.map { DisplayWidth.of($0.keys) }.max() ?? 0)
        let meaningWidth = rows.map { DisplayWidth.of($0.meaning) }.max() ?? 0
        let area = OverlayBox.draw(
            title: "Keys · " + Self.bindings(keymap).hints(), width: keyWidth + meaningWidth + 8, height: lines.count + 2, in: screen, into: &frame)
        guard area.height > 0 else { return }
        let scrolls = area.height < lines.count
        let visible = scrolls ? max(1, area.height - 1) : area.height
        let first = Self.clampedTop(top, visible: visible, count: lines.count)
        for (offset, line) in lines[first..<min(lines.count, first + visible)].enumerated() {
            let y = area.y + offset
            switch line {
            case .heading(let title):
                frame.putFitting(title, x: area.x, y: y, style: Style(.heading, [.bold]), maxX: area.maxX)
            case .row(let row):
                let column = frame.put("  " + row.keys, x: area.x, y: y, style: Style(.accent), maxX: area.maxX)
                frame.putFitting(row.meaning, x: max(column, area.x + 2 + keyWidth) + 2, y: y, style: .plain, maxX: area.maxX)
            }
        }
        if scrolls {
            let more = "\(first > 0 ? "↑" : " ")\(first + visible < lines.count ? "↓" : " ") \(first + 1)–\(first + visible) of \(lines.count)"
            frame.put(more, x: area.x, y: area.y + area.height - 1, style: Style(.muted), maxX: area.maxX)
        }
    }
}
