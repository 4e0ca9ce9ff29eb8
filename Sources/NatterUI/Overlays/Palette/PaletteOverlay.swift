import NatterProviders

/// Ctrl+K, the command palette (SPEC 13): every action of the chat with its key and what it does, filtered as one
/// types (fuzzy: the typed letters in order), Enter runs the highlighted one as its key would.
struct PaletteOverlay: View {
    let palette: PaletteState
    let keymap: Keymap

    /// What a command does to the palette (its own update, beside its view).
    enum Step: Equatable {
        case close
        /// The highlight moved or the filter changed.
        case show(PaletteState)
        case run(Keymap.Action)
    }

    enum Command: Equatable, Sendable {
        /// `type`: typed or pasted text for the filter.
        case move(Int), type(String), erase, clearFilter, run, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.palette, [
            KeyBinding([.up], .move(-1), "move", hint: "move"),
            KeyBinding([.down], .move(1), "move", hint: "move"),
            KeyBinding([.pageUp], .move(-10), "move a page"),
            KeyBinding([.pageDown], .move(10), "move a page"),
            KeyBinding([.enter], .run, "run the action", hint: "run"),
            KeyBinding([.backspace], .erase, "delete the filter's last character (typing filters)"),
            KeyBinding([.control("u")], .clearFilter, "clear the filter"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .palette), .close, "close", hint: "close"),
        ])
    }

    /// Every action the palette offers, in F1's order (itself left out), and those the filter lets through, the
    /// best match first.
    static func actions(matching filter: String) -> [Keymap.Action] {
        let all = KeyHelp.chatOrder.filter { $0 != .palette }
        guard !filter.isEmpty else { return all }
        let scored = all.enumerated().compactMap { place, action in
            FuzzyMatch.score(filter, in: action.help + " " + action.rawValue).map { (action, $0, place) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.map(\.0)
    }

    static func update(_ palette: PaletteState, _ command: Command) -> Step {
        var next = palette
        switch command {
        case .close: return .close
        case .move(let delta):
            let count = actions(matching: palette.filter.string).count
            next.selected = max(0, min(count - 1, palette.selected + delta))
        case .type(let text):
            next.filter.insert(PastedText.singleLine(text))
            next.selected = 0
        case .erase:
            next.filter.backspace()
            next.selected = 0
        case .clearFilter:
            next.filter = InputBuffer()
            next.selected = 0
        case .run:
            let shown = actions(matching: palette.filter.string)
            guard shown.indices.contains(palette.selected) else { return .show(palette) }
            return .run(shown[palette.selected])
        }
        return .show(next)
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let shown = Self.actions(matching: palette.filter.string)
        let title = "Actions · " + Self.bindings(keymap).hints()
        let area = OverlayBox.draw(title: title, width: min(screen.width - 4, 78), height: min(screen.height - 2, shown.count + 4), in: screen, into: &frame)
        guard area.height > 2 else { return }
        frame.put("> " + palette.filter.string, x: area.x, y: area.y, style: Style(.accent), maxX: area.maxX)
        let listHeight = area.height - 2
        let top = max(0, min(palette.selected - listHeight / 2, shown.count - listHeight))
        let keyWidth = 12
        for (offset, action) in shown.dropFirst(top).prefix(listHeight).enumerated() {
            let y = area.y + 2 + offset
            let highlighted = top + offset == palette.selected
            let style = highlighted ? Style(.foreground, background: .selection, [.bold]) : Style.plain
            if highlighted { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            let key = keymap.label(action)
            frame.put(key, x: area.x, y: y, style: Style(.accent, background: style.background), maxX: min(area.maxX, area.x + keyWidth - 1))
            frame.put(action.help, x: area.x + keyWidth, y: y, style: style, maxX: area.maxX)
        }
        if shown.isEmpty { frame.put("no action matches", x: area.x, y: area.y + 2, style: Style(.muted), maxX: area.maxX) }
    }
}

/// The palette open: what was typed to filter the actions, and the highlighted one.
public struct PaletteState: Sendable, Hashable {
    public var filter = InputBuffer()
    public var selected = 0
}
