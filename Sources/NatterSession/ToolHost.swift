import NatterProviders

/// Where a session's tools come from (SPEC 7): NatterTools implements it over MCP servers, so that the
/// session engine knows nothing of processes, transports or JSON-RPC.
public protocol ToolHost: Sendable {
    /// The tools on offer, named as models see them (`SERVER__TOOL`). `waitingUpTo` bounds how long servers
    /// still starting are waited for: zero in the UI (a prompt that needs no tool is never held back), a
    /// few seconds in pipe mode (where the first prompt is sent at once).
    func offeredTools(waitingUpTo limit: Duration) async -> [ToolDefinition]

    /// The enabled servers still starting, by name: a request sent now waits for them (and says so).
    func startingServers() async -> [String]

    /// The server and tool behind a model-facing name, and whether mcp.json's `allow` lets it run unasked;
    /// nil for a name that is no tool on offer (a model made it up).
    func identity(of name: String) async -> ToolIdentity?

    /// Runs one call. Never throws: a tool that fails, times out or whose server died gives an error result,
    /// which goes back to the model. Cancelling the calling task cancels the call on its server.
    func run(_ call: ToolCall) async -> ToolResult
}

extension ToolHost {
    public func startingServers() async -> [String] { [] }
}

public struct ToolIdentity: Sendable, Hashable {
    public var server: String
    public var tool: String
    /// In mcp.json's `allow`: runs without asking.
    public var preapproved: Bool

    public init(server: String, tool: String, preapproved: Bool = false) {
        self.server = server
        self.tool = tool
        self.preapproved = preapproved
    }
}

/// The person's answer to "run this call?".
public enum ToolApproval: Sendable, Hashable {
    case once
    /// Run this tool without asking again in this session.
    case always
    case deny
}

/// A call waiting for the person's word: what the approval prompt shows.
public struct ToolApprovalRequest: Sendable, Hashable {
    public var call: ToolCall
    public var identity: ToolIdentity

    public init(call: ToolCall, identity: ToolIdentity) {
        self.call = call
        self.identity = identity
    }
}

/// Who decides whether a call runs: the UI's prompt, the terminal in pipe mode, or `--approve`. It is awaited
/// while the turn waits; cancelling the turn cancels the wait (the answer is then a denial).
public protocol ToolApprover: Sendable {
    func approve(_ request: ToolApprovalRequest) async -> ToolApproval
}
