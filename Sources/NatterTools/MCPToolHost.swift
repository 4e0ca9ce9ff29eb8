import AsyncHTTPClient
import Foundation
import NatterProviders
import NatterSession

/// The tools of every server in mcp.json, offered to the session engine (`ToolHost`). Servers start in the
/// background when `start` is called and are never waited for unless a caller asks to (pipe mode). The
/// person can switch a server or a tool off for the session, so that unused tools stop costing context.
public actor MCPToolHost: ToolHost {
    public struct ServerStatus: Sendable, Hashable {
        public var name: String
        public var transport: String
        public var state: MCPServerState
        public var enabled: Bool
        public var tools: [ToolStatus]
    }

    public struct ToolStatus: Sendable, Hashable {
        /// As the model calls it: `SERVER__TOOL`.
        public var modelName: String
        public var name: String
        public var description: String
        public var enabled: Bool
    }

    private let servers: [MCPServer]
    private let configs: [MCPServerConfig]
    public nonisolated let problems: [String]
    private var switchedOffServers: Set<String> = []
    private var switchedOffTools: Set<String> = []
    private var named: [String: NamedTool] = [:]
    private nonisolated let observers = ChangeObservers()

    /// - Parameters:
    ///   - logDirectory: each server's standard error goes to `mcp-NAME.log` there.
    ///   - environment: what `${VAR}` expands from.
    public init(
        configuration: MCPConfiguration, logDirectory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: @escaping @Sendable () -> HTTPClient = { NatterHTTPClient.shared },
        startLimit: Duration = .seconds(30)
    ) {
        problems = configuration.problems
        configs = configuration.servers
        let observers = observers
        servers = configuration.servers.map { config in
            MCPServer(
                config: config, logPath: logDirectory + "/mcp-" + Self.fileSafe(config.name) + ".log", environment: environment,
                httpClient: httpClient, startLimit: startLimit, onChange: { observers.notify() })
        }
        try? FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    public nonisolated var isEmpty: Bool { configs.isEmpty }

    /// The servers' names as mcp.json gives them: `--approve` tells a server's name from a tool's by them.
    public nonisolated var serverNames: Set<String> { Set(configs.map(\.name)) }

    /// Called (on no particular thread) whenever a server's state or tools change.
    public nonisolated func onChange(_ handler: @escaping @Sendable () -> Void) {
        observers.add(handler)
    }

    /// Starts every enabled server, without waiting for any.
    public func start() async {
        // A server that exits while natter writes to it must not take natter with it.
        signal(SIGPIPE, SIG_IGN)
        // Each start only launches its task, so this returns at once, and `settled` right after waits for them.
        for server in servers { await server.start() }
    }

    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { await server.stop() } }
        }
    }

    /// Until every server is ready or has failed, or `limit` has passed.
    public func settled(within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { await server.settled(within: limit) } }
        }
    }

    public func startingServers() async -> [String] {
        var starting: [String] = []
        for (server, config) in zip(servers, configs) where !switchedOffServers.contains(config.name) {
            if await server.state == .starting { starting.append(config.name) }
        }
        return starting
    }

    public func statuses() async -> [ServerStatus] {
        let named = await namedTools()
        var statuses: [ServerStatus] = []
        for (server, config) in zip(servers, configs) {
            let tools = named.filter { $0.server === server }.map { entry in
                ToolStatus(
                    modelName: entry.modelName, name: entry.tool.name, description: entry.tool.description ?? "",
                    enabled: !switchedOffTools.contains(entry.modelName))
            }
            statuses.append(ServerStatus(
                name: config.name, transport: config.transportName, state: await server.state,
                enabled: !switchedOffServers.contains(config.name), tools: tools))
        }
        return statuses
    }

    private struct NamedTool {
        var modelName: String
        var server: MCPServer
        var config: MCPServerConfig
        var tool: MCPTool
    }

    /// Every server's tools with the names models see, given to all of them at once (`ToolNames.assign`), so
    /// that a listing, a hint and a request name each (server, tool) pair alike and no two pairs share a name.
    private func namedTools() async -> [NamedTool] {
        var listed: [(server: MCPServer, config: MCPServerConfig, tool: MCPTool)] = []
        for (server, config) in zip(servers, configs) {
            for tool in await server.tools { listed.append((server, config, tool)) }
        }
        let names = ToolNames.assign(listed.map { ($0.config.name, $0.tool.name) })
        return zip(listed, names).map { NamedTool(modelName: $1, server: $0.server, config: $0.config, tool: $0.tool) }
    }

    /// On or off for this session; the next request offers what is on.
    public func setServer(_ name: String, enabled: Bool) {
        if enabled { switchedOffServers.remove(name) } else { switchedOffServers.insert(name) }
        observers.notify()
    }

    public func setTool(_ modelName: String, enabled: Bool) {
        if enabled { switchedOffTools.remove(modelName) } else { switchedOffTools.insert(modelName) }
        observers.notify()
    }

    // MARK: ToolHost

    public func offeredTools(waitingUpTo limit: Duration) async -> [ToolDefinition] {
        if limit > .zero { await settled(within: limit) }
        var offering: Set<ObjectIdentifier> = []
        for (server, config) in zip(servers, configs) where !switchedOffServers.contains(config.name) {
            switch await server.state {
            case .ready: break
            // A server that died is still offered while its one restart is left: the call starts it again.
            case .failed where await server.canRestart:
                if await server.tools.isEmpty {
                    await server.restartIfFailed()  // it never came up: once more now, for the next request
                    continue
                }
            case .failed, .disabled, .starting: continue
            }
            offering.insert(ObjectIdentifier(server))
        }
        var offered: [ToolDefinition] = []
        var names: [String: NamedTool] = [:]
        for entry in await namedTools() where offering.contains(ObjectIdentifier(entry.server)) && !switchedOffTools.contains(entry.modelName) {
            names[entry.modelName] = entry
            offered.append(ToolDefinition(
                name: entry.modelName, description: entry.tool.description ?? entry.tool.title ?? entry.tool.name, inputSchema: entry.tool.inputSchema))
        }
        named = names
        return offered
    }

    public func identity(of name: String) async -> ToolIdentity? {
        guard let entry = named[name] else { return nil }
        return ToolIdentity(server: entry.config.name, tool: entry.tool.name, preapproved: entry.config.allow.contains(entry.tool.name))
    }

    public func run(_ call: ToolCall) async -> ToolResult {
        guard let entry = named[call.name] else {
            return ToolResult(callID: call.id, content: "There is no tool named \(call.name).", isError: true)
        }
        let arguments: [String: JSONValue]?
        switch Self.arguments(call.arguments) {
        case .success(let parsed): arguments = parsed
        case .failure(let problem): return ToolResult(callID: call.id, content: problem.text, isError: true)
        }
        switch await entry.server.call(entry.tool.name, arguments: arguments) {
        case .result(let text, let isError):
            return ToolResult(callID: call.id, content: text, isError: isError)
        case .failed(let reason):
            return ToolResult(callID: call.id, content: "The tool could not be run: \(reason).", isError: true)
        }
    }

    struct ArgumentProblem: Error {
        var text: String
    }

    /// The model's argument text as MCP's object; an empty text is no arguments.
    static func arguments(_ text: String) -> Result<[String: JSONValue]?, ArgumentProblem> {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .success(nil) }
        guard let parsed = try? JSONValue.parse(Data(text.utf8)) else {
            return .failure(ArgumentProblem(text: "The arguments are not valid JSON; send a JSON object."))
        }
        guard case .object(let object) = parsed else {
            return .failure(ArgumentProblem(text: "The arguments must be a JSON object, not \(parsed.typeDescription)."))
        }
        return .success(object)
    }

    /// A server name as part of a file name.
    public static func fileSafe(_ name: String) -> String {
        let safe = name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_" }
        return String(safe.prefix(80))
    }
}

extension MCPToolHost.ArgumentProblem: CustomStringConvertible {
    var description: String { text }
}

/// Handlers told when something changed; kept apart from the actor so that notifying never waits on it.
final class ChangeObservers: @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [@Sendable () -> Void] = []

    func add(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { handlers.append(handler) }
    }

    func notify() {
        for handler in lock.withLock({ handlers }) { handler() }
    }
}
