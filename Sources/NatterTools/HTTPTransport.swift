import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NatterProviders

/// MCP over HTTP, on AsyncHTTPClient (URLSession on Linux cannot stream a response body).
/// Streamable HTTP first: each message is a POST whose answer is JSON or an event stream, and a GET stream
/// carries what the server says unasked (`tools/list_changed`). A server that refuses the first POST is
/// spoken to in the older HTTP+SSE way: a GET event stream names the address to POST to, and every answer
/// comes on that stream. The configured headers (credentials) go only to the configured origin.
actor HTTPTransport: MCPTransport {
    private let url: String
    private let headers: [(String, String)]
    private let client: HTTPClient
    private let requestLimit: Duration
    private let onEnd: @Sendable (String) -> Void
    private nonisolated let delivery = IncomingMessages()

    private enum Mode {
        case streamable
        /// HTTP+SSE: messages go to `endpoint` once the event stream has named it.
        case legacy(endpoint: String)
    }
    private var mode: Mode?
    private var sessionID: String?
    private var protocolVersion: String?
    private var initializeID: JSONValue?
    private var streams: [Task<Void, Never>] = []
    private var closed = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// - Parameter sseOnly: the entry said `"type": "sse"`: HTTP+SSE from the start.
    /// - Parameter requestLimit: how long a request's answer may take to begin: a server in JSON-response
    ///   mode sends its head only once the tool has finished, so this is the call's time limit and a margin.
    /// - Parameter onEnd: told when the connection is lost for good (the server forgot the session, the
    ///   HTTP+SSE stream ended), so that the server is marked failed and started again at its next call.
    init(
        url: String, headers: [(String, String)], sseOnly: Bool, requestLimit: Duration = .seconds(30),
        client: HTTPClient = NatterHTTPClient.shared, onEnd: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.onEnd = onEnd
        self.requestLimit = requestLimit
        self.url = url
        self.headers = headers
        self.client = client
        mode = sseOnly ? nil : .streamable
    }

    func connect() async throws {
        if mode == nil { try await openLegacyStream() }
    }

    func disconnect() async {
        closed = true
        for stream in streams { stream.cancel() }
        streams = []
        delivery.finish(throwing: MCPClientError.connectionClosed)
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { delivery.stream }

    func send(_ data: Data) async throws {
        guard !closed else { throw MCPClientError.connectionClosed }
        let message = try? JSONValue.parse(data)
        if message?["method"] == .string("initialize") { initializeID = message?["id"] }
        switch mode {
        case .legacy(let endpoint)?:
            let response = try await post(data, to: endpoint, limit: .seconds(30))
            guard (200..<300).contains(response.status.code) else {
                throw Failure(description: "the server answered HTTP \(response.status.code)")
            }
            _ = try? await response.body.collect(upTo: 1 << 20)
        case .streamable?, nil:
            let response = try await post(data, to: url, limit: message?["id"] == nil ? .seconds(30) : requestLimit)
            if let id = response.headers.first(name: "mcp-session-id"), Self.isSafeHeaderValue(id) { sessionID = id }
            let status = response.status.code
            if message?["method"] == .string("initialize"), [400, 404, 405].contains(status), sessionID == nil {
                // Not a Streamable HTTP server: the older transport, then the same message again.
                _ = try? await response.body.collect(upTo: 1 << 16)
                try await openLegacyStream()
                try await send(data)
                return
            }
            if status == 404, sessionID != nil, message?["method"] != .string("initialize") {
                // The session is gone (the server restarted or dropped it): MCP says to initialize again.
                onEnd("the server no longer knows natter's session (HTTP 404)")
                throw Failure(description: "the server no longer knows natter's session (HTTP 404)")
            }
            guard (200..<300).contains(status) else {
                let body = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
                throw Failure(description: "the server answered HTTP \(status)" + (body.isEmpty ? "" : ": \(TerminalText.singleLine(body, limit: 200))"))
            }
            if message?["method"] == .string("notifications/initialized") { openNotificationStream() }
            guard status != 202, status != 204 else {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return
            }
            let isEventStream = response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream") ?? false
            if isEventStream {
                // Read on: the answer (and notifications before it) arrive as events, maybe much later.
                streams.append(Task { await self.readEvents(response.body) })
            } else {
                let body = try await response.body.collect(upTo: PipeTransport.longestMessage)
                deliver(Data(body.readableBytesView))
            }
        }
    }

    private func post(_ data: Data, to address: String, limit: Duration) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        addHeaders(to: &request)
        request.headers.replaceOrAdd(name: "content-type", value: "application/json")
        request.headers.replaceOrAdd(name: "accept", value: "application/json, text/event-stream")
        request.body = .bytes(ByteBuffer(bytes: data))
        return try await client.execute(request, deadline: .now() + .nanoseconds(limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000))
    }

    private func addHeaders(to request: inout HTTPClientRequest) {
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let sessionID { request.headers.replaceOrAdd(name: "mcp-session-id", value: sessionID) }
        if let protocolVersion { request.headers.replaceOrAdd(name: "mcp-protocol-version", value: protocolVersion) }
    }

    /// What the server says unasked, on a GET stream; a server that offers none (405) is fine.
    private func openNotificationStream() {
        streams.append(Task {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            addHeaders(to: &request)
            request.headers.replaceOrAdd(name: "accept", value: "text/event-stream")
            guard let response = try? await client.execute(request, deadline: .distantFuture),
                response.status.code == 200
            else { return }
            await readEvents(response.body)
        })
    }

    /// HTTP+SSE: the GET stream whose first `endpoint` event says where to POST.
    private func openLegacyStream() async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        addHeaders(to: &request)
        request.headers.replaceOrAdd(name: "accept", value: "text/event-stream")
        let response = try await client.execute(request, deadline: .now() + .seconds(30))
        guard response.status.code == 200 else {
            throw Failure(description: "the server answered HTTP \(response.status.code) to both Streamable HTTP and HTTP+SSE")
        }
        let (endpoints, found) = AsyncStream.makeStream(of: String.self)
        streams.append(Task { await self.readEvents(response.body, endpoints: found) })
        var iterator = endpoints.makeAsyncIterator()
        guard let named = await iterator.next() else { throw Failure(description: "the event stream ended before it named its endpoint") }
        guard let endpoint = URL(string: named, relativeTo: URL(string: url))?.absoluteURL.absoluteString,
            Self.origin(of: endpoint) == Self.origin(of: url)
        else {
            throw Failure(description: "the server named an endpoint on another origin (\(TerminalText.singleLine(named, limit: 80))); natter sends its headers only to \(Self.origin(of: url))")
        }
        mode = .legacy(endpoint: endpoint)
    }

    private func readEvents(_ body: HTTPClientResponse.Body, endpoints: AsyncStream<String>.Continuation? = nil) async {
        var decoder = SSEDecoder()
        do {
            for try await buffer in body {
                for frame in decoder.push(buffer.readableBytesView) { handle(frame, endpoints: endpoints) }
                if decoder.overflowed { break }
            }
            for frame in decoder.finish() { handle(frame, endpoints: endpoints) }
        } catch {}
        endpoints?.finish()
        if case .legacy? = mode, endpoints != nil, !closed {
            // The legacy stream carries every answer: without it the server is gone.
            delivery.finish(throwing: MCPClientError.connectionClosed)
            onEnd("its event stream ended")
        }
    }

    private func handle(_ frame: WireFrame, endpoints: AsyncStream<String>.Continuation?) {
        switch frame.event {
        case "endpoint": endpoints?.yield(frame.data)
        case nil, "message": deliver(Data(frame.data.utf8))
        default: break
        }
    }

    private func deliver(_ data: Data) {
        if let initializeID, protocolVersion == nil, let answer = try? JSONValue.parse(data), answer["id"] == initializeID,
            case .string(let version)? = answer["result"]?["protocolVersion"], Self.isSafeHeaderValue(version)
        {
            protocolVersion = version
        }
        guard !closed, !delivery.deliver(data) else { return }
        // Flooding: every stream is stopped and the server marked failed, with the reason.
        closed = true
        for stream in streams { stream.cancel() }
        streams = []
        delivery.finish(throwing: MCPClientError.connectionClosed)
        onEnd(IncomingMessages.floodReason)
    }

    static func origin(of address: String) -> String {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return address }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    /// A value the server gave that natter will send back as a header: printable ASCII only.
    static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 1024 && value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
