import NatterProviders

/// The settings' role row opened: the roles, the highlighted one's settings and prompt below the list.
struct RolesOverlay: View {
    let state: AppState
    let selected: Int

    /// What a command does to the list (its own update, beside its view).
    enum Step: Equatable {
        case highlight(Int)
        case back
        case use(Int)
    }

    enum Command: Equatable, Sendable {
        case move(Int), use, back
    }

    static let bindings = KeyBindings<Command>(.roles, [
        KeyBinding([.up, .wheelUp], .move(-1), "move"),
        KeyBinding([.down, .wheelDown], .move(1), "move"),
        KeyBinding([.enter], .use, "use the role: its prompt, model and settings", hint: "uses one"),
        KeyBinding([.escape, .control("c")], .back, "back to the settings", hint: "back"),
    ])

    static func update(selected: Int, count: Int, _ command: Command) -> Step {
        switch command {
        case .back: return .back
        case .move(let delta): return .highlight(max(0, min(count - 1, selected + delta)))
        case .use: return (0..<count).contains(selected) ? .use(selected) : .highlight(selected)
        }
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let area = OverlayBox.draw(
            title: "Roles · " + Self.bindings.hints(), width: min(screen.width - 4, 90), height: screen.height - 2, in: screen, into: &frame)
        guard area.height > 2, area.width > 16 else { return }
        let listHeight = min(state.setup.roles.count, max(1, area.height / 3))
        let top = max(0, min(selected - listHeight / 2, state.setup.roles.count - listHeight))
        for (offset, role) in state.setup.roles.dropFirst(top).prefix(listHeight).enumerated() {
            let y = area.y + offset
            let isSelected = top + offset == selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            frame.putFitting(TerminalText.singleLine(role.name, limit: 80), x: area.x, y: y, style: style, maxX: area.maxX)
        }
        guard state.setup.roles.indices.contains(selected) else { return }
        let role = state.setup.roles[selected]
        var y = area.y + listHeight + 1
        let choice = [role.provider, role.model].compactMap { $0 }.joined(separator: " · ")
        let settings = [choice, role.parameters.summary].filter { !$0.isEmpty }.joined(separator: " · ")
        if !settings.isEmpty, y < area.maxY {
            frame.putFitting(TerminalText.singleLine(settings, limit: 300), x: area.x, y: y, style: Style(.accent), maxX: area.maxX)
            y += 1
        }
        // The prompt comes from a file: shown as text, never obeyed.
        let lines = TerminalText.sanitized(role.prompt).split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.flatMap({ TextWrapper.wrap([Span(String($0), Style(.muted))], width: area.width) }) where y < area.maxY {
            _ = frame.put(line, x: area.x, y: y, maxX: area.maxX)
            y += 1
        }
    }
}
