import NatterProviders

/// Ctrl+T: the themes by name, the one in use marked.
enum ThemeOverlay {
    /// What a key does to the list (the overlay's own update, beside its view).
    enum Step: Equatable {
        case highlight(Int)
        case close
        case choose(Int)
    }

    static func update(selected: Int, count: Int, key: Key, keymap: Keymap) -> Step {
        switch key {
        case _ where key == .escape || key == .control("c") || keymap.action(for: key) == .themes: return .close
        case .up: return .highlight(max(0, selected - 1))
        case .down: return .highlight(min(count - 1, selected + 1))
        case .enter: return (0..<count).contains(selected) ? .choose(selected) : .highlight(selected)
        default: return .highlight(selected)
        }
    }

    static func draw(_ state: AppState, selected: Int, into frame: inout Frame) {
        let width = max(30, (state.themeNames.map { DisplayWidth.of($0) }.max() ?? 0) + 8)
        let area = OverlayBox.draw(title: "Theme", width: width, height: state.themeNames.count + 2, into: &frame)
        for (row, name) in state.themeNames.enumerated() where row < area.height {
            let style = row == selected ? Style(.foreground, background: .selection, [.bold]) : Style.plain
            if row == selected { frame.fill(Rect(x: area.x, y: area.y + row, width: area.width, height: 1), style: style) }
            let marker = name == state.themeName ? "● " : "  "
            frame.put(marker + TerminalText.singleLine(name, limit: 60), x: area.x, y: area.y + row, style: style, maxX: area.maxX)
        }
    }
}
