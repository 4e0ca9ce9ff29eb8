/// What the tools panel (F4) lists and switches; the MCP side (NatterTools) provides it.
public protocol ToolPanelSource: Sendable {
    func panelServers() async -> [ToolPanelServer]
    func setServer(_ name: String, enabled: Bool) async
    func setTool(_ modelName: String, enabled: Bool) async
    /// Called whenever a server's state or tools change.
    func onChange(_ handler: @escaping @Sendable () -> Void)
}

public struct ToolPanelServer: Sendable, Hashable {
    public var name: String
    public var transport: String
    /// "ready", "starting", "failed: …", "disabled".
    public var status: String
    public var isReady: Bool
    public var enabled: Bool
    public var tools: [ToolPanelTool]

    public init(name: String, transport: String, status: String, isReady: Bool, enabled: Bool, tools: [ToolPanelTool]) {
        self.name = name
        self.transport = transport
        self.status = status
        self.isReady = isReady
        self.enabled = enabled
        self.tools = tools
    }
}

public struct ToolPanelTool: Sendable, Hashable {
    public var modelName: String
    public var name: String
    public var description: String
    public var enabled: Bool

    public init(modelName: String, name: String, description: String, enabled: Bool) {
        self.modelName = modelName
        self.name = name
        self.description = description
        self.enabled = enabled
    }
}

/// One row of the tools panel: a server, or one of its tools.
enum ToolPanelRow: Hashable {
    case server(Int)
    case tool(server: Int, tool: Int)

    static func rows(_ servers: [ToolPanelServer]) -> [ToolPanelRow] {
        servers.indices.flatMap { index in [.server(index)] + servers[index].tools.indices.map { .tool(server: index, tool: $0) } }
    }
}
