/// What the tools panel (F4) lists and switches; the MCP side (NatterTools) provides it.
public protocol ToolPanelSource: Sendable {
    func panelServers() async -> [ToolPanelServer]
    func setServer(_ name: String, enabled: Bool) async
    func setTool(_ modelName: String, enabled: Bool) async
    /// Called whenever a server's state or tools change.
    func onChange(_ handler: @escaping @Sendable () -> Void)
}

public struct ToolPanelServer: Sendable, Hashable {
    /// Where a server is, as the tools side says. Typed: a failure is said on the status line because it is one,
    /// whatever its reason's words.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        case disabled, starting, ready
        case failed(String)

        public var description: String {
            switch self {
            case .disabled: return "disabled"
            case .starting: return "starting"
            case .ready: return "ready"
            case .failed(let reason): return "failed: \(reason)"
            }
        }
    }

    public var name: String
    public var transport: String
    public var status: Status
    public var enabled: Bool
    public var tools: [ToolPanelTool]

    public var isReady: Bool { status == .ready }

    public init(name: String, transport: String, status: Status, enabled: Bool, tools: [ToolPanelTool]) {
        self.name = name
        self.transport = transport
        self.status = status
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
