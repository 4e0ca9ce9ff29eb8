/// The MCP servers as the tools panel lists them, and the calls waiting for the person's word.
public struct ToolsState: Sendable {
    /// Calls waiting for approval after the one on screen, oldest first.
    public var approvalQueue: [ApprovalState] = []
    /// Empty without mcp.json.
    public var toolServers: [ToolPanelServer] = []

    public init() {}
}
