import NatterTools
import NatterUI

/// The tools panel (F4) reads and switches the MCP servers through the UI's own protocol, so that NatterUI
/// does not depend on NatterTools.
extension MCPToolHost: ToolPanelSource {
    public func panelServers() async -> [ToolPanelServer] {
        await statuses().map { status in
            ToolPanelServer(
                name: status.name, transport: status.transport, status: Self.panelStatus(status.state),
                enabled: status.enabled,
                tools: status.tools.map { ToolPanelTool(modelName: $0.modelName, name: $0.name, description: $0.description, enabled: $0.enabled) })
        }
    }

    private static func panelStatus(_ state: MCPServerState) -> ToolPanelServer.Status {
        switch state {
        case .disabled: return .disabled
        case .starting: return .starting
        case .ready: return .ready
        case .failed(let reason): return .failed(reason)
        }
    }
}
