/// F1: every key natter answers to, as the keymap has them now (config.json may have moved some), scrolled
/// with ↑/↓ and PgUp/PgDn where the terminal is too short for all of them.
public enum HelpOverlay {
    /// The keys of a row: actions (their keys joined by "/", as bound now), or keys natter never moves.
    enum Keys {
        case actions([Keymap.Action])
        case fixed(String)
    }

    static let rows: [(Keys, String)] = [
        (.actions([.send]), "send"),
        (.actions([.newline]), "new line in the input"),
        (.actions([.cancel]), "cancel the reply / close / clear input"),
        (.actions([.picker]), "provider and model picker"),
        (.actions([.cycleModels]), "next recently used model"),
        (.actions([.compare]), "compare 2–4 models: Space marks, Enter keeps one"),
        (.actions([.sessions]), "saved sessions; Tab searches"),
        (.actions([.themes]), "theme picker"),
        (.actions([.newSession]), "new session"),
        (.actions([.regenerate]), "ask again (the old reply stays beside it)"),
        (.actions([.select]), "select a message (newest first), then:"),
        (.fixed("  ↑/↓ · Enter/Esc"), "move the selection · leave it"),
        (.fixed("  e"), "edit it: yours forks, a reply gets a new version"),
        (.fixed("  r"), "ask again from there"),
        (.fixed("  ←/→"), "its other versions (‹2/3›)"),
        (.fixed("  y · 1–9"), "copy it · copy its code block N"),
        (.fixed("  o"), "open a tool result whole / fold it again"),
        (.actions([.tree]), "every branch; Enter shows the chosen one"),
        (.actions([.find]), "find in this conversation: Enter/↓ next, ↑ back"),
        (.actions([.tools]), "MCP servers and tools; switch them off"),
        (.actions([.settings]), "settings: temperature, system prompt…"),
        (.actions([.editor]), "edit the input in $EDITOR"),
        (.fixed("@path, Tab"), "attach a file; Tab completes its path"),
        (.actions([.copy]), "copy the last reply (OSC 52)"),
        (.actions([.pageUp, .pageDown]), "scroll a page"),
        (.actions([.scrollUp, .scrollDown]), "scroll (the mouse wheel too)"),
        (.actions([.top, .bottom]), "top / bottom (empty input)"),
        (.fixed("↑/↓"), "input history"),
        (.fixed("Ctrl+A/Ctrl+E"), "start / end of the line"),
        (.fixed("Ctrl+K/Ctrl+U"), "delete to end / start of the line"),
        (.fixed("Ctrl+W, Alt+Backspace"), "delete the word before the caret"),
        (.fixed("Alt+B/Alt+F, Ctrl+←/→"), "move a word back / on"),
        (.actions([.mouse]), "the mouse to the terminal (select, copy) / back"),
        (.actions([.suspend]), "suspend"),
        (.actions([.quit]), "cancel reply, clear input, or quit"),
        (.fixed("Ctrl+D"), "quit (empty input)"),
        (.actions([.help]), "this help"),
    ]

    public static func bindings(_ keymap: Keymap) -> [(String, String)] {
        rows.map { keys, meaning in
            switch keys {
            case .actions(let actions): return (actions.map(keymap.label).joined(separator: "/"), meaning)
            case .fixed(let text): return (text, meaning)
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
