import NatterProviders

/// F4: every MCP server with its status, and its tools; Space switches the highlighted one on or off for
/// this session (a tool switched off is not offered, so it costs no context).
struct ToolsOverlay: View {
    let servers: [ToolPanelServer]
    let selected: Int
    let keymap: Keymap

    /// What a key does to the panel (its own update, beside its view).
    enum Step: Equatable {
        case highlight(Int)
        case close
        /// Switch this server or tool on or off.
        case toggle(ToolPanelRow)
    }

    enum Command: Equatable, Sendable {
        case move(Int), toggle, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.tools, [
            KeyBinding([.up, .wheelUp], .move(-1), "move", hint: "move"),
            KeyBinding([.down, .wheelDown], .move(1), "move", hint: "move"),
            KeyBinding([.pageUp], .move(-10), "move a page"),
            KeyBinding([.pageDown], .move(10), "move a page"),
            KeyBinding([.character(" "), .enter], .toggle, "switch the server or tool on / off for this session", hint: "switches"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .tools), .close, "close", hint: "close"),
        ])
    }

    static func update(selected: Int, rows: [ToolPanelRow], _ command: Command) -> Step {
        let last = max(0, rows.count - 1)
        switch command {
        case .close: return .close
        case .move(let delta): return .highlight(max(0, min(last, selected + delta)))
        case .toggle: return rows.indices.contains(selected) ? .toggle(rows[selected]) : .highlight(selected)
        }
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let title = "MCP servers and tools · " + Self.bindings(keymap).hints()
        let area = OverlayBox.draw(title: title, width: screen.width - 4, height: screen.height - 2, in: screen, into: &frame)
        guard area.height > 0, area.width > 8 else { return }
        let rows = ToolPanelRow.rows(servers)
        let top = max(0, min(selected - area.height / 2, rows.count - area.height))
        for (offset, row) in rows.dropFirst(top).prefix(area.height).enumerated() {
            let y = area.y + offset
            let isSelected = top + offset == selected
            let highlight = Style(.foreground, background: .selection, [.bold])
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: highlight) }
            switch row {
            case .server(let index):
                let server = servers[index]
                let mark = server.enabled ? "● " : "○ "
                let status = server.isReady ? "ready: \(server.tools.count) tool\(server.tools.count == 1 ? "" : "s")" : server.status.description
                let text = "\(mark)\(TerminalText.singleLine(server.name, limit: 60)) (\(server.transport)) · \(server.enabled ? "" : "off · ")\(TerminalText.singleLine(status, limit: 200))"
                let style = isSelected ? highlight : Style(server.isReady ? .foreground : .warning, [.bold])
                frame.putFitting(text, x: area.x, y: y, style: style, maxX: area.maxX)
            case .tool(let index, let tool):
                let entry = servers[index].tools[tool]
                let on = entry.enabled && servers[index].enabled
                let text = "    \(on ? "✓" : "✗") \(TerminalText.singleLine(entry.name, limit: 80))  \(TerminalText.singleLine(entry.description, limit: 200))"
                frame.putFitting(text, x: area.x, y: y, style: isSelected ? highlight : Style(on ? .foreground : .muted), maxX: area.maxX)
            }
        }
    }
}
