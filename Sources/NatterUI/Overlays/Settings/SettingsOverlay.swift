import NatterProviders

/// Ctrl+X: each setting with its value, the highlighted one edited with Enter.
struct SettingsOverlay: View {
    let state: AppState
    let selected: Int

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

    enum Command: Equatable, Sendable {
        case move(Int), enter, reset, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.settings, [
            KeyBinding([.up, .wheelUp], .move(-1), "move"),
            KeyBinding([.down, .wheelDown], .move(1), "move"),
            KeyBinding([.enter], .enter, "edit the value (the role row: the roles; history: compact or undo)", hint: "edits"),
            KeyBinding([.backspace, .delete], .reset, "back to the model's default", hint: "resets", label: "⌫"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .settings), .close, "close", hint: "closes"),
        ])
    }

    static func update(selected: Int, _ command: Command) -> Step {
        let rows = SettingsRow.allCases
        let selected = min(max(0, selected), rows.count - 1)
        let row = rows[selected]
        switch command {
        case .close: return .close
        case .move(let delta): return .highlight(max(0, min(rows.count - 1, selected + delta)))
        case .enter where row == .role: return .openRoles
        case .enter where row == .compaction: return .compaction
        case .enter: return .edit(row)
        case .reset where row != .compaction: return .clear(row)
        case .reset: return .highlight(selected)
        }
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let rows = SettingsRow.allCases
        let area = OverlayBox.draw(
            title: "Settings for this conversation · " + Self.bindings(state.display.keymap).hints(),
            width: min(screen.width - 4, 90), height: min(screen.height - 2, rows.count + 4), in: screen, into: &frame)
        guard area.height > 0, area.width > 16 else { return }
        let nameWidth = 15
        for (index, row) in rows.enumerated() where index < area.height {
            let y = area.y + index
            let isSelected = index == selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style(.foreground)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            var value = row == .role ? (state.setup.roleName ?? "") : row.value(state.setup.parameters, system: state.setup.systemPrompt)
            if row == .compaction { value = Self.compactionValue(state) }
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
}
