extension ToolsOverlay {
    /// F4 open: the MCP servers and their tools, `selected` the highlighted row of `ToolPanelRow.rows`.
    struct Model: OverlayModel {
        let selected: Int

        var keyContext: KeyContext { .tools }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { ToolsOverlay.bindings(keymap) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch ToolsOverlay.update(selected: selected, rows: ToolPanelRow.rows(app.state.tools.toolServers), command) {
            case .highlight(let row):
                app.state.overlay = .tools(selected: row)
            case .close:
                app.state.overlay = nil
            case .toggle(.server(let index)):
                let server = app.state.tools.toolServers[index]
                app.state.tools.toolServers[index].enabled.toggle()
                return [.setToolServer(server.name, enabled: !server.enabled)]
            case .toggle(.tool(let index, let tool)):
                let entry = app.state.tools.toolServers[index].tools[tool]
                app.state.tools.toolServers[index].tools[tool].enabled.toggle()
                return [.setTool(entry.modelName, enabled: !entry.enabled)]
            }
            return []
        }

        func view(of state: AppState) -> any View {
            ToolsOverlay(servers: state.tools.toolServers, selected: selected, keymap: state.display.keymap)
        }
    }
}
