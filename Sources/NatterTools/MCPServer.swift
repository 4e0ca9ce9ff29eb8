import AsyncHTTPClient
import Foundation
import MCP
import NatterProviders

/// Where a server is: what `natter mcp` and the tools panel show.
public enum MCPServerState: Sendable, Hashable, CustomStringConvertible {
    case disabled
    case starting
    case ready
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

/// One configured MCP server: started in the background, its tools listed (and listed again when it says
/// they changed), calls run with a time limit and cancelled on the server when the turn is. A server that
/// fails or dies is started again once, at its next call.
actor MCPServer {
    let config: MCPServerConfig
    private let logPath: String
    private let environment: [String: String]
    private let httpClient: @Sendable () -> HTTPClient
    private let onChange: @Sendable () -> Void

    private(set) var state: MCPServerState
    private(set) var tools: [Tool] = []
    private var client: Client?
    private var process: ServerProcess?
    private var starting: Task<Void, Never>?
    private var restartsLeft = 1
    /// Bumped at each start, so that news from an earlier run (its exit) is told apart.
    private var generation = 0

    /// A server that has not answered `initialize` (or `tools/list`) by then is reported as failed.
    private let startLimit: Duration
    static let defaultStartLimit = Duration.seconds(30)

    init(
        config: MCPServerConfig, logPath: String, environment: [String: String],
        httpClient: @escaping @Sendable () -> HTTPClient, startLimit: Duration = defaultStartLimit, onChange: @escaping @Sendable () -> Void
    ) {
        self.startLimit = startLimit
        self.config = config
        self.logPath = logPath
        self.environment = environment
        self.httpClient = httpClient
        self.onChange = onChange
        state = config.disabled ? .disabled : .starting
    }

    /// Starts it unless it is disabled, running, or starting already.
    func start() {
        guard !config.disabled, starting == nil, state != .ready else { return }
        generation += 1
        let run = generation
        state = .starting
        onChange()
        starting = Task { await connect(run) }
    }

    /// Until it is ready or has failed, or `limit` has passed.
    func settled(within limit: Duration) async {
        guard let starting else { return }
        _ = await Race.run(limit: limit) { await starting.value }
    }

    private func connect(_ run: Int) async {
        do throws(StartFailure) {
            // Stopped before this task ran: nothing is started.
            guard run == generation, !Task.isCancelled else { return }
            let transport = try makeTransport(run)
            let client = Client(name: "natter", version: NatterVersion.current)
            // Kept from the start, so that a server that exits while starting fails its `initialize` at once
            // (`fail` disconnects it) rather than after the time limit.
            self.client = client
            await client.onNotification(ToolListChangedNotification.self) { [weak self] _ in
                // Not awaited here: the SDK's read loop waits for this handler, and the new list's answer
                // has to come through that loop.
                Task { await self?.refreshTools() }
            }
            switch await Race.run(limit: startLimit, { try await client.connect(transport: transport) }) {
            case .finished: break
            case .failed(let error): throw StartFailure(reason: Self.describe(error))
            case .timedOut: throw StartFailure(reason: "no answer to initialize within \(Int(startLimit.components.seconds)) s")
            case .cancelled: throw StartFailure(reason: "stopped")
            }
            switch await Race.run(limit: startLimit, { try await Self.listAllTools(client) }) {
            case .finished(let listed): tools = listed
            case .failed(let error): throw StartFailure(reason: "tools/list failed: \(Self.describe(error))")
            case .timedOut, .cancelled: throw StartFailure(reason: "no answer to tools/list within \(Int(startLimit.components.seconds)) s")
            }
            guard run == generation else { return }
            state = .ready
        } catch {
            await fail(run, error.reason)
        }
        starting = nil
        onChange()
    }

    private struct StartFailure: Error {
        var reason: String
    }

    private func makeTransport(_ run: Int) throws(StartFailure) -> any Transport {
        func expand(_ template: String, _ key: String) throws(StartFailure) -> String {
            do {
                return try EnvironmentTemplate.expand(template) { environment[$0] }
            } catch {
                throw StartFailure(reason: "\(key) uses ${\(error.names.joined(separator: "}, ${"))}, which is not set")
            }
        }
        switch config.transport {
        case .stdio(let command, let arguments, let variables, let directory):
            var expandedVariables: [String: String] = [:]
            for (name, value) in variables { expandedVariables[name] = try expand(value, "env.\(name)") }
            let process: ServerProcess
            do {
                process = try ServerProcess(
                    command: try expand(command, "command"), arguments: try arguments.map { argument throws(StartFailure) in try expand(argument, "args") },
                    environment: ServerProcess.environment(environment, adding: expandedVariables), directory: try directory.map { path throws(StartFailure) in try expand(path, "cwd") }, logPath: logPath,
                    onExit: { [weak self] how in Task { await self?.exited(run, how) } })
            } catch let error as ServerProcess.StartError {
                throw StartFailure(reason: error.description)
            } catch {
                throw StartFailure(reason: "\(error)")
            }
            self.process = process
            return PipeTransport(process: process, onEnd: lost(run))
        case .http(let url, let headers, let sseOnly):
            var expandedHeaders: [(String, String)] = []
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                let expanded = try expand(value, "headers.\(name)")
                guard HTTPTransport.isSafeHeaderValue(name), !expanded.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                    throw StartFailure(reason: "headers.\(name) holds a control character")
                }
                expandedHeaders.append((name, expanded))
            }
            let address = try expand(url, "url")
            guard MCPServerConfig.isWebAddress(address) else {
                throw StartFailure(reason: "url is not an http:// or https:// address once expanded")
            }
            return HTTPTransport(
                url: address, headers: expandedHeaders, sseOnly: sseOnly, requestLimit: max(.seconds(30), config.timeout + .seconds(5)),
                client: httpClient(), onEnd: lost(run))
        }
    }

    /// Every page, up to 100 of them: a server that keeps giving a cursor (the same one, or empty pages)
    /// must not keep natter asking.
    private static func listAllTools(_ client: Client) async throws -> [Tool] {
        var all: [Tool] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<100 {
            let page = try await client.listTools(cursor: cursor)
            all += page.tools
            guard let next = page.nextCursor, !page.tools.isEmpty, seen.insert(next).inserted else { break }
            cursor = next
        }
        return all
    }

    /// `notifications/tools/list_changed`.
    private func refreshTools() async {
        guard let client, state == .ready else { return }
        if case .finished(let listed) = await Race.run(limit: startLimit, { try await Self.listAllTools(client) }) {
            tools = listed
            onChange()
        }
    }

    /// What a transport calls when its connection is lost for good.
    private func lost(_ run: Int) -> @Sendable (String) -> Void {
        { [weak self] reason in
            Task {
                await self?.fail(run, reason)
                self?.onChange()
            }
        }
    }

    private func exited(_ run: Int, _ how: String) async {
        guard run == generation else { return }
        await fail(run, "\(how) (its standard error is in \(logPath))")
        onChange()
    }

    /// The first reason given stays: a server that exits also closes its connection, and "exited with
    /// status 1" says more than "connection closed".
    private func fail(_ run: Int, _ reason: String) async {
        guard run == generation else { return }
        if case .failed = state { return }
        state = .failed(TerminalText.singleLine(reason, limit: 200))
        let client = self.client
        self.client = nil
        let process = self.process
        self.process = nil
        await client?.disconnect()  // answers every call still waiting with an error
        if let process { await Self.stopOffThePool(process) }
    }

    enum CallOutcome: Sendable {
        case result(content: [Tool.Content], isError: Bool)
        case failed(String)
    }

    /// Runs `tool`; a server that failed is started again first (once in its life).
    func call(_ tool: String, arguments: [String: Value]?) async -> CallOutcome {
        restartIfFailed()
        if state == .starting { await settled(within: startLimit) }
        guard state == .ready, let client else { return .failed("the server \(config.name) is \(state)") }
        let context: RequestContext<CallTool.Result>
        do {
            context = try await client.callTool(name: tool, arguments: arguments)
        } catch {
            return .failed(Self.describe(error))
        }
        let outcome = await Race.run(limit: config.timeout) { try await context.value }
        switch outcome {
        case .finished(let result):
            return .result(content: result.content, isError: result.isError ?? false)
        case .failed(let error):
            return .failed(Self.describe(error))
        case .timedOut:
            Self.sendCancellation(of: context.requestID, to: client, reason: "timed out")
            return .failed("no answer within \(config.timeout.components.seconds) s (timeout_seconds)")
        case .cancelled:
            Self.sendCancellation(of: context.requestID, to: client, reason: "the person cancelled")
            return .failed("cancelled by the person")
        }
    }

    /// MCP's `notifications/cancelled`, from a task of its own: the calling task is cancelled already (an
    /// HTTP request made in it would be cancelled too), and a server that does not read must not hold the
    /// turn up.
    private static func sendCancellation(of request: ID, to client: Client, reason: String) {
        Task.detached {
            _ = await Race.run(limit: .seconds(5)) { try await client.cancelRequest(request, reason: reason) }
        }
    }

    /// Whether a failed server will be started again at its next call.
    var canRestart: Bool { restartsLeft > 0 }

    /// The one restart of a server that failed or died.
    func restartIfFailed() {
        guard case .failed = state, restartsLeft > 0 else { return }
        restartsLeft -= 1
        start()
    }

    /// Stops the server and its children (SIGTERM, SIGKILL after 2 s).
    func stop() async {
        generation += 1
        starting?.cancel()
        starting = nil
        let client = self.client
        self.client = nil
        await client?.disconnect()
        if let process {
            self.process = nil
            await Self.stopOffThePool(process)
        }
    }

    /// `ServerProcess.stop` blocks while it waits; not on one of Swift's task threads.
    private static func stopOffThePool(_ process: ServerProcess) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.stop()
                done.resume()
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? MCPError {
            switch error {
            case .connectionClosed: return "the server closed the connection"
            case .transportError(let inner): return describe(inner)
            default: return TerminalText.singleLine(error.errorDescription ?? "\(error)", limit: 200)
            }
        }
        return TerminalText.singleLine("\(error)", limit: 200)
    }
}
