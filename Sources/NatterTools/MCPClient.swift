import Foundation
import NatterProviders

/// The MCP client: JSON-RPC 2.0 over a transport that carries whole messages. It says `initialize` and
/// `notifications/initialized`, matches each answer to its request by id, answers the server's `ping`, and
/// tells the owner when the server's tools changed. The protocol's own Swift SDK did this before; it links
/// Foundation's networking (libcurl and 30 more shared libraries, loaded at every start of natter, which
/// doubled the time to the first frame) for transports natter never used, so this file replaces it.
actor MCPClient {
    /// The revision natter asks for; a server answers with the one it speaks, which natter accepts (the
    /// requests natter makes, `tools/list` and `tools/call`, are the same in every revision).
    static let protocolVersion = "2025-11-25"

    private let transport: any MCPTransport
    private let onToolsChanged: @Sendable () -> Void
    private var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
    private var nextID = 1
    private var reading: Task<Void, Never>?
    private var closed = false
    /// Answers to the server's requests (`ping`) written or waiting to be: a server that asks and never reads
    /// the answers would otherwise queue them without end.
    private var answersUnsent = 0
    static let mostAnswersUnsent = 256
    static let unreadAnswersReason = "disconnected: it sent requests without reading natter's answers (over \(mostAnswersUnsent) waiting)"
    private let onGiveUp: (@Sendable (String) -> Void)?
    /// The client has given up on the server (told `onGiveUp`, or disconnected): what it sends is dropped.
    private var gaveUp = false

    /// - Parameter onToolsChanged: called for `notifications/tools/list_changed`, on the client's executor
    ///   (it must not wait for the client: the new list's answer has to come through the same read loop).
    /// - Parameter onGiveUp: told once when the client gives up on a server that floods it, with why; the owner
    ///   records why, then ends the connection. Without one, the client disconnects by itself.
    init(
        transport: any MCPTransport, onToolsChanged: @escaping @Sendable () -> Void = {},
        onGiveUp: (@Sendable (String) -> Void)? = nil
    ) {
        self.transport = transport
        self.onToolsChanged = onToolsChanged
        self.onGiveUp = onGiveUp
    }

    /// Connects the transport, then the MCP handshake; returns the server's `initialize` result.
    @discardableResult
    func connect(name: String, version: String) async throws -> JSONValue {
        try await transport.connect()
        let messages = transport.receive()
        reading = Task { await self.read(messages) }
        let result = try await request(
            "initialize",
            .object([
                "protocolVersion": .string(Self.protocolVersion),
                "capabilities": .object([:]),
                "clientInfo": .object(["name": .string(name), "version": .string(version)]),
            ]))
        guard case .string = result["protocolVersion"] else {
            throw MCPClientError.malformed("its answer to initialize names no protocol version")
        }
        try await notify("notifications/initialized")
        return result
    }

    /// Until the server goes away or `disconnect` is called.
    var isOpen: Bool { !closed }

    /// An id for a request made later with `request(_:_:id:)`: what `notifications/cancelled` names.
    func reserveID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Sends a request and waits for its answer: the `result`, or the server's `error` thrown. A task
    /// cancelled meanwhile stops waiting at once (the server is told by the caller, if it should be).
    func request(_ method: String, _ parameters: JSONValue? = nil, id chosen: Int? = nil) async throws -> JSONValue {
        guard !closed else { throw MCPClientError.connectionClosed }
        let id = chosen ?? reserveID()
        var message: [String: JSONValue] = ["jsonrpc": .string("2.0"), "id": .number(Double(id)), "method": .string(method)]
        if let parameters { message["params"] = parameters }
        let data = try JSONEncoder().encode(JSONValue.object(message))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                // Waiting before it is sent: the answer may come back before `send` returns.
                pending[id] = continuation
                if Task.isCancelled {
                    settle(id, with: .failure(CancellationError()))
                    return
                }
                Task { await self.transmit(data, answering: id) }
            }
        } onCancel: {
            Task { await self.settle(id, with: .failure(CancellationError())) }
        }
    }

    func notify(_ method: String, _ parameters: JSONValue? = nil) async throws {
        guard !closed else { throw MCPClientError.connectionClosed }
        var message: [String: JSONValue] = ["jsonrpc": .string("2.0"), "method": .string(method)]
        if let parameters { message["params"] = parameters }
        try await transport.send(try JSONEncoder().encode(JSONValue.object(message)))
    }

    /// Ends the connection; every request still waiting fails with `connectionClosed`.
    func disconnect() async {
        guard !closed else { return }
        closed = true
        reading?.cancel()
        failEveryWaitingRequest()
        await transport.disconnect()
    }

    private func transmit(_ data: Data, answering id: Int) async {
        do {
            try await transport.send(data)
        } catch {
            settle(id, with: .failure(error))
        }
    }

    private func settle(_ id: Int, with outcome: Result<JSONValue, any Error>) {
        pending.removeValue(forKey: id)?.resume(with: outcome)
    }

    private func failEveryWaitingRequest() {
        let waiting = pending
        pending = [:]
        for continuation in waiting.values { continuation.resume(throwing: MCPClientError.connectionClosed) }
    }

    private func read(_ messages: AsyncThrowingStream<Data, any Error>) async {
        do {
            for try await data in messages { receive(data) }
        } catch {}
        // The server went away: nothing more will be answered.
        closed = true
        failEveryWaitingRequest()
    }

    private func receive(_ data: Data) {
        // Not JSON: a server's stray log line on stdout, say. Ignored, as a message for nobody.
        guard let message = try? JSONValue.parse(data) else { return }
        if case .array(let batch) = message {
            batch.forEach(handle)
        } else {
            handle(message)
        }
    }

    private func handle(_ message: JSONValue) {
        guard case .object(let fields) = message else { return }
        if case .string(let method)? = fields["method"] {
            if let id = fields["id"], id != .null {
                answer(method, id: id)
            } else if method == "notifications/tools/list_changed" {
                onToolsChanged()
            }
            return
        }
        // An answer: ids are natter's own whole numbers, so anything else answers nothing of natter's.
        guard case .number(let number)? = fields["id"], let id = Int(exactly: number) else { return }
        if case .object(let error)? = fields["error"] {
            settle(id, with: .failure(MCPClientError.server(error)))
        } else {
            settle(id, with: .success(fields["result"] ?? .null))
        }
    }

    /// A request from the server: `ping` is answered; natter offers nothing else (no sampling, roots or
    /// elicitation), so the rest get JSON-RPC's "method not found".
    private func answer(_ method: String, id: JSONValue) {
        var reply: [String: JSONValue] = ["jsonrpc": .string("2.0"), "id": id]
        if method == "ping" {
            reply["result"] = .object([:])
        } else {
            reply["error"] = .object(["code": .number(-32601), "message": .string("natter does not offer \(method)")])
        }
        guard let data = try? JSONEncoder().encode(JSONValue.object(reply)) else { return }
        guard answersUnsent < Self.mostAnswersUnsent else {
            guard !closed, !gaveUp else { return }
            gaveUp = true
            if let onGiveUp { onGiveUp(Self.unreadAnswersReason) } else { Task { await self.disconnect() } }
            return
        }
        answersUnsent += 1
        let transport = transport
        Task {
            try? await transport.send(data)
            self.answerSent()
        }
    }

    private func answerSent() {
        answersUnsent -= 1
    }
}

/// What carries an MCP server's messages, one whole JSON-RPC message at a time: its process's pipes or HTTP.
protocol MCPTransport: Actor {
    func connect() async throws
    func send(_ data: Data) async throws
    /// Every message the server sends, until the connection ends (the stream finishes, or throws).
    nonisolated func receive() -> AsyncThrowingStream<Data, any Error>
    func disconnect() async
}

enum MCPClientError: Error, Equatable, CustomStringConvertible {
    case connectionClosed
    /// The server's JSON-RPC error object.
    case server([String: JSONValue])
    case malformed(String)

    var description: String {
        switch self {
        case .connectionClosed: return "the server closed the connection"
        case .server(let error):
            let message: String
            if case .string(let text)? = error["message"], !text.isEmpty { message = text } else { message = "an error with no message" }
            let code = error["code"].map { " (\($0.summary))" } ?? ""
            return TerminalText.singleLine("the server answered: \(message)\(code)", limit: 200)
        case .malformed(let what): return what
        }
    }
}
