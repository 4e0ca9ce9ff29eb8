import NatterProviders

/// Ctrl+T: the themes by name, the one in use marked.
struct ThemeOverlay: View {
    let state: AppState
    let selected: Int

    /// What a key does to the list (the overlay's own update, beside its view).
    enum Step: Equatable {
        case highlight(Int)
        case close
        case choose(Int)
    }

    enum Command: Equatable, Sendable {
        case move(Int), choose, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.themes, [
            KeyBinding([.up], .move(-1), "move", hint: "move"),
            KeyBinding([.down], .move(1), "move", hint: "move"),
            KeyBinding([.enter], .choose, "use the theme", hint: "use"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .themes), .close, "close", hint: "close"),
        ])
    }

    static func update(selected: Int, count: Int, _ command: Command) -> Step {
        switch command {
        case .close: return .close
        case .move(let delta): return .highlight(max(0, min(count - 1, selected + delta)))
        case .choose: return (0..<count).contains(selected) ? .choose(selected) : .highlight(selected)
        }
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let title = "Theme · " + Self.bindings(state.display.keymap).hints()
        let width = max(DisplayWidth.of(title) + 6, (state.display.themeNames.map { DisplayWidth.of($0) }.max() ?? 0) + 8)
        let area = OverlayBox.draw(title: title, width: width, height: state.display.themeNames.count + 2, in: screen, into: &frame)
        for (row, name) in state.display.themeNames.enumerated() where row < area.height {
            let style = row == selected ? Style(.foreground, background: .selection, [.bold]) : Style.plain
            if row == selected { frame.fill(Rect(x: area.x, y: area.y + row, width: area.width, height: 1), style: style) }
            let marker = name == state.display.themeName ? "● " : "  "
            frame.put(marker + TerminalText.singleLine(name, limit: 60), x: area.x, y: area.y + row, style: style, maxX: area.maxX)
        }
    }
}
