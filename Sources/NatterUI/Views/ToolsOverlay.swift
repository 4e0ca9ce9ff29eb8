import NatterProviders

/// F4: every MCP server with its status, and its tools; Space switches the highlighted one on or off for
/// this session (a tool switched off is not offered, so it costs no context).
enum ToolsOverlay {
    /// What a key does to the panel (its own update, beside its view).
    enum Step: Equatable {
        case highlight(Int)
        case close
        /// Switch this server or tool on or off.
        case toggle(ToolPanelRow)
    }

    static func update(selected: Int, rows: [ToolPanelRow], key: Key, keymap: Keymap) -> Step {
        let last = max(0, rows.count - 1)
        switch key {
        case _ where key == .escape || key == .control("c") || keymap.action(for: key) == .tools: return .close
        case .up, .wheelUp: return .highlight(max(0, selected - 1))
        case .down, .wheelDown: return .highlight(min(last, selected + 1))
        case .pageUp: return .highlight(max(0, selected - 10))
        case .pageDown: return .highlight(min(last, selected + 10))
        case .character(" "), .enter: return rows.indices.contains(selected) ? .toggle(rows[selected]) : .highlight(selected)
        default: return .highlight(selected)
        }
    }

    static func draw(_ servers: [ToolPanelServer], selected: Int, into frame: inout Frame) {
        let area = OverlayBox.draw(
            title: "MCP servers and tools · Space switches · Esc closes", width: frame.width - 4, height: frame.height - 2, into: &frame)
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
                let status = server.isReady ? "ready: \(server.tools.count) tool\(server.tools.count == 1 ? "" : "s")" : server.status
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
