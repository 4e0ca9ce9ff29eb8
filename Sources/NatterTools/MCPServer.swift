import AsyncHTTPClient
import Foundation
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
    private(set) var tools: [MCPTool] = []
    private var client: MCPClient?
    private var process: ServerProcess?
    private var starting: Task<Void, Never>?
    /// Lists the tools again after `list_changed`, one listing at a time.
    private var refresher: Task<Void, Never>?
    private var restartsLeft = 1
    /// Bumped at each start, so that news from an earlier run (its exit) is told apart.
    private var generation = 0
    /// The server's own secrets (its header values, its secret env values), taken out of everything it says
    /// before that leaves natter: a server that echoes its `Authorization` must not put it on the screen, on
    /// stderr, or into a tool result that goes to a model and a transcript.
    private var redact = Redactor(secrets: [])

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
            // At most one `tools/list` in flight: the notices that come while it runs make one more, not one each
            // (a server sending them in a loop once queued millions). Not awaited by the client: the new list's
            // answer has to come through the client's read loop.
            let (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            refresher?.cancel()
            refresher = Task { [weak self] in
                for await _ in changes { await self?.refreshTools() }
            }
            let client = MCPClient(transport: transport, onToolsChanged: { changed.yield() }, onGiveUp: lost(run))
            // Kept from the start, so that a server that exits while starting fails its `initialize` at once
            // (`fail` disconnects it) rather than after the time limit.
            self.client = client
            switch await Race.run(limit: startLimit, { try await client.connect(name: "natter", version: NatterVersion.current) }) {
            case .finished: break
            case .failed(let error): throw StartFailure(reason: Self.describe(error))
            case .timedOut: throw StartFailure(reason: "no answer to initialize within \(Int(startLimit.components.seconds)) s")
            case .cancelled: throw StartFailure(reason: "stopped")
            }
            switch await Race.run(limit: startLimit, { try await Self.listAllTools(client) }) {
            case .finished(let listed): tools = listed.map(redacted)
            case .failed(let error): throw StartFailure(reason: "tools/list failed: \(Self.describe(error))")
            case .timedOut, .cancelled: throw StartFailure(reason: "no answer to tools/list within \(Int(startLimit.components.seconds)) s")
            }
            guard run == generation else { return }
            // A server given up on while it was listed (it flooded natter as soon as it answered) stays failed
            // with why: made ready here, its exit under the SIGTERM that `fail` sent became the reason shown.
            if state == .starting { state = .ready }
        } catch {
            await fail(run, error.reason)
        }
        starting = nil
        onChange()
    }

    private struct StartFailure: Error {
        var reason: String
    }

    private func makeTransport(_ run: Int) throws(StartFailure) -> any MCPTransport {
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
            redact = Redactor(secrets: variables.compactMap { name, value in
                Self.isSecret(variable: name, template: value) ? expandedVariables[name] : nil
            })
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
            redact = Redactor(secrets: expandedHeaders.map(\.1))
            let address = try expand(url, "url")
            guard MCPServerConfig.isWebAddress(address) else {
                throw StartFailure(reason: "url is not an http:// or https:// address once expanded")
            }
            return HTTPTransport(
                url: address, headers: expandedHeaders, sseOnly: sseOnly, requestLimit: max(.seconds(30), config.timeout + .seconds(5)),
                client: httpClient(), onEnd: lost(run))
        }
    }

    /// An env value is a secret when it came through `${VAR}` (the indirection people use for keys) or its name
    /// says so; a plain `LOG_LEVEL=debug` or a path is not, so tool results that mention it stay whole.
    static func isSecret(variable name: String, template: String) -> Bool {
        let upper = name.uppercased()
        return template.contains("${") || ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "AUTH", "CREDENTIAL", "COOKIE"].contains { upper.contains($0) }
    }

    /// Every page, up to 100 of them: a server that keeps giving a cursor (the same one, or empty pages)
    /// must not keep natter asking.
    private static func listAllTools(_ client: MCPClient) async throws -> [MCPTool] {
        var all: [MCPTool] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<100 {
            let page = MCPTool.page(try await client.request("tools/list", cursor.map { .object(["cursor": .string($0)]) }))
            all += page.tools
            guard let next = page.nextCursor, !page.tools.isEmpty, seen.insert(next).inserted else { break }
            cursor = next
        }
        return all
    }

    /// `notifications/tools/list_changed`, after the first listing.
    private func refreshTools() async {
        guard let client, state == .ready else { return }
        if case .finished(let listed) = await Race.run(limit: startLimit, { try await Self.listAllTools(client) }) {
            tools = listed.map(redacted)
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
        state = .failed(redact(TerminalText.singleLine(reason, limit: 200)))
        refresher?.cancel()
        refresher = nil
        let client = self.client
        self.client = nil
        let process = self.process
        self.process = nil
        await client?.disconnect()  // answers every call still waiting with an error
        if let process { await Self.stopOffThePool(process) }
    }

    enum CallOutcome: Sendable {
        case result(text: String, isError: Bool)
        case failed(String)
    }

    /// Runs `tool`; a server that failed is started again first (once in its life).
    func call(_ tool: String, arguments: [String: JSONValue]?) async -> CallOutcome {
        if let client, await !client.isOpen {
            // Its connection ended and the news of it (the exit, the transport's end) has not come yet: it
            // has failed all the same, and a call sent on would only be told so.
            await fail(generation, "the server closed the connection")
        }
        restartIfFailed()
        if state == .starting { await settled(within: startLimit) }
        guard state == .ready, let client else { return .failed("the server \(config.name) is \(state)") }
        var parameters: [String: JSONValue] = ["name": .string(tool)]
        if let arguments { parameters["arguments"] = .object(arguments) }
        let id = await client.reserveID()
        let outcome = await Race.run(limit: config.timeout) { [parameters] in
            try await client.request("tools/call", .object(parameters), id: id)
        }
        switch outcome {
        case .finished(let result):
            return .result(text: redact(ToolResultText.text(of: result)), isError: result["isError"] == .bool(true))
        case .failed(let error):
            return .failed(redact(Self.describe(error)))
        case .timedOut:
            Self.sendCancellation(of: id, to: client, reason: "timed out")
            return .failed("no answer within \(config.timeout.components.seconds) s (timeout_seconds)")
        case .cancelled:
            Self.sendCancellation(of: id, to: client, reason: "the person cancelled")
            return .failed("cancelled by the person")
        }
    }

    /// MCP's `notifications/cancelled`, from a task of its own: the calling task is cancelled already (an
    /// HTTP request made in it would be cancelled too), and a server that does not read must not hold the
    /// turn up.
    private static func sendCancellation(of request: Int, to client: MCPClient, reason: String) {
        Task.detached {
            _ = await Race.run(limit: .seconds(5)) {
                try await client.notify(
                    "notifications/cancelled", .object(["requestId": .number(Double(request)), "reason": .string(reason)]))
            }
        }
    }

    /// A listed tool with the server's secrets taken out of what the model and the screen are shown.
    private func redacted(_ tool: MCPTool) -> MCPTool {
        guard !redact.isEmpty else { return tool }
        var tool = tool
        tool.title = tool.title.map { redact($0) }
        tool.description = tool.description.map { redact($0) }
        return tool
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
        refresher?.cancel()
        refresher = nil
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
        TerminalText.singleLine("\(error)", limit: 200)
    }
}
