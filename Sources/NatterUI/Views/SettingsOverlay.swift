import NatterProviders

/// Ctrl+X: each setting with its value, the highlighted one edited with Enter.
enum SettingsOverlay {
    /// What a key does to the panel (its own update, beside its view): the app applies it.
    enum Step: Equatable {
        case highlight(Int)
        case close
        /// Enter on the role row: the roles list.
        case openRoles
        /// Enter on the history row: compact now, or undo the compaction in force.
        case compaction
        /// Enter on a value: asked on the input line.
        case edit(SettingsRow)
        /// Backspace or Delete on a value: back to the model's default.
        case clear(SettingsRow)
    }

    static func update(selected: Int, key: Key, keymap: Keymap) -> Step {
        let rows = SettingsRow.allCases
        let selected = min(max(0, selected), rows.count - 1)
        let row = rows[selected]
        switch key {
        case _ where key == .escape || key == .control("c") || keymap.action(for: key) == .settings: return .close
        case .up, .wheelUp: return .highlight(max(0, selected - 1))
        case .down, .wheelDown: return .highlight(min(rows.count - 1, selected + 1))
        case .enter where row == .role: return .openRoles
        case .enter where row == .compaction: return .compaction
        case .enter: return .edit(row)
        case .backspace where row != .compaction, .delete where row != .compaction: return .clear(row)
        default: return .highlight(selected)
        }
    }

    /// The roles list's update: Esc goes back to the panel, Enter uses the highlighted role.
    enum RolesStep: Equatable {
        case highlight(Int)
        case back
        case use(Int)
    }

    static func updateRoles(selected: Int, count: Int, key: Key) -> RolesStep {
        switch key {
        case .escape, .control("c"): return .back
        case .up, .wheelUp: return .highlight(max(0, selected - 1))
        case .down, .wheelDown: return .highlight(max(0, min(count - 1, selected + 1)))
        case .enter where (0..<count).contains(selected): return .use(selected)
        default: return .highlight(selected)
        }
    }

    static func draw(_ state: AppState, selected: Int, into frame: inout Frame) {
        let rows = SettingsRow.allCases
        let area = OverlayBox.draw(
            title: "Settings for this conversation · Enter edits · ⌫ resets · Esc closes", width: min(frame.width - 4, 90),
            height: min(frame.height - 2, rows.count + 4), into: &frame)
        guard area.height > 0, area.width > 16 else { return }
        let nameWidth = 15
        for (index, row) in rows.enumerated() where index < area.height {
            let y = area.y + index
            let isSelected = index == selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            var value = row == .role ? (state.roleName ?? "") : row.value(state.parameters, system: state.systemPrompt)
            if row == .compaction { value = compactionValue(state) }
            let x = frame.put(row.title.padding(toLength: nameWidth, withPad: " ", startingAt: 0), x: area.x, y: y, style: style, maxX: area.maxX)
            let unset = row == .systemPrompt || row == .role ? "none" : "the model's default"
            let shown = value.isEmpty ? unset : TerminalText.singleLine(value, limit: 200)
            frame.putFitting(shown, x: x, y: y, style: value.isEmpty && !isSelected ? Style(.muted) : style, maxX: area.maxX)
        }
        if area.height > rows.count + 1 {
            frame.putFitting("Sent with every request from now on, and kept in the transcript.", x: area.x, y: area.y + rows.count + 1, style: Style(.muted), maxX: area.maxX)
        }
    }

    /// The history row: what requests carry, and what Enter does about it.
    static func compactionValue(_ state: AppState) -> String {
        if let compaction = state.conversation.compaction(on: state.conversation.path()) {
            return "the first \(compaction.messageCount) messages go as a summary · Enter: send them whole again"
        }
        return "sent whole · Enter: summarize older turns for the model now"
    }

    /// The roles, the highlighted one's settings and prompt below the list.
    static func drawRoles(_ state: AppState, selected: Int, into frame: inout Frame) {
        let area = OverlayBox.draw(
            title: "Roles · Enter uses one · Esc back", width: min(frame.width - 4, 90), height: frame.height - 2, into: &frame)
        guard area.height > 2, area.width > 16 else { return }
        let listHeight = min(state.roles.count, max(1, area.height / 3))
        let top = max(0, min(selected - listHeight / 2, state.roles.count - listHeight))
        for (offset, role) in state.roles.dropFirst(top).prefix(listHeight).enumerated() {
            let y = area.y + offset
            let isSelected = top + offset == selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            frame.putFitting(TerminalText.singleLine(role.name, limit: 80), x: area.x, y: y, style: style, maxX: area.maxX)
        }
        guard state.roles.indices.contains(selected) else { return }
        let role = state.roles[selected]
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
