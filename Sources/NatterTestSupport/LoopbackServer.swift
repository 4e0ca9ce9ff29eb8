import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, answering each request with whatever the
/// test's handler returns and recording every request. No mock of the client's HTTP stack is involved.
public final class LoopbackServer: Sendable {
    public typealias Handler = @Sendable (RecordedRequest, Int) async -> ScriptedResponse

    public let port: Int
    private let channel: any Channel
    private let serving: Task<Void, Never>
    private let recorded: RequestLog
    /// Finished once the server accepts no more connections.
    private let acceptingEnded: AsyncStream<Never>

    /// Every connection from the moment it is accepted until it is served and closed. NIO stops the process when
    /// a connection's wrapper is dropped unserved ("Deinited NIOAsyncWriter without calling finish()"), and one
    /// accepted as the server stops can be: the accept sequence has ended and drops it (seen twice in natter-bench's
    /// quick run inside the test suite). Held here, it is never dropped, and `stop` closes those left over.
    private let unserved: UnservedConnections

    /// Starts serving; `handler` gets each request and its 0-based index among all requests so far.
    public static func start(handler: @escaping Handler) async throws -> LoopbackServer {
        let unserved = UnservedConnections()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    let connection = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    unserved.hold(connection)
                    return connection
                }
            }
        return LoopbackServer(server: server, unserved: unserved, handler: handler)
    }

    private init(
        server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>, unserved: UnservedConnections,
        handler: @escaping Handler
    ) {
        port = server.channel.localAddress?.port ?? 0
        channel = server.channel
        self.unserved = unserved
        let recorded = RequestLog()
        self.recorded = recorded
        let (acceptingEnded, acceptingEnds) = AsyncStream<Never>.makeStream()
        self.acceptingEnded = acceptingEnded
        // Off the cooperative pool, which the suite's heavy tests can hold for seconds (see ServingThread).
        serving = Task(executorPreference: ServingThread.shared) {
            try? await withThrowingDiscardingTaskGroup { group in
                defer { acceptingEnds.finish() }
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        unserved.take(connection)
                        group.addTask {
                            try? await Self.serve(connection, handler: handler, recorded: recorded)
                        }
                    }
                }
            }
        }
    }

    /// A server that lists one model ("m") and answers each chat request (a POST) by its number, from 1.
    public static func numbered(_ reply: @escaping @Sendable (Int) -> ScriptedResponse) async throws -> LoopbackServer {
        let posts = Mutex(0)
        return try await start { request, _ in
            guard request.method == "POST" else { return .json(#"{"data":[{"id":"m"}]}"#) }
            return reply(posts.withLock { count in
                count += 1
                return count
            })
        }
    }

    /// Base URL, e.g. `http://127.0.0.1:54321`.
    public var url: String { "http://127.0.0.1:\(port)" }

    public var requests: [RecordedRequest] { recorded.all }

    /// No new connection first, then the ones open ended. In the other order a connection accepted after the
    /// cancel was dropped unconsumed, and NIO stops the process for a writer never finished (seen in natter-bench).
    public func stop() async {
        try? await channel.close()
        for await _ in acceptingEnded {}
        serving.cancel()
        _ = await serving.result
        for connection in unserved.takeAll() { try? await connection.executeThenClose { _, _ in } }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler,
        recorded: RequestLog
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                case .body(let buffer):
                    body += buffer.readableBytesView
                case .end:
                    guard let head else { return }
                    let request = RecordedRequest(
                        method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                        body: body)
                    let index = recorded.append(request)
                    let response = await handler(request, index)
                    guard try await write(response, to: outbound) else { return }
                }
            }
        }
    }

    /// Writes the response; false when the script dropped the connection.
    private static func write(
        _ response: ScriptedResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        var headers = HTTPHeaders(response.headers)
        let fixedLength = response.steps.allSatisfy {
            if case .bytes = $0 { return true }
            return false
        }
        if fixedLength {
            let length = response.steps.reduce(0) {
                if case .bytes(let bytes) = $1 { return $0 + bytes.count }
                return $0
            }
            headers.replaceOrAdd(name: "Content-Length", value: String(length))
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        for step in response.steps {
            switch step {
            case .bytes(let bytes):
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            case .pause(let duration):
                try await Task.sleep(for: duration)
            case .drop:
                return false
            case .call(let closure):
                closure()
            case .stall:
                // Until the client disconnects or the server stops; never longer than a test could wait.
                try await Task.sleep(for: .seconds(600))
                return false
            }
        }
        try await outbound.write(.end(nil))
        return true
    }
}

/// Connections accepted and not yet handed to a task that serves them, by their channel.
private final class UnservedConnections: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    private let connections = Mutex<[ObjectIdentifier: Connection]>([:])

    func hold(_ connection: Connection) {
        connections.withLock { $0[ObjectIdentifier(connection.channel as AnyObject)] = connection }
    }

    /// The connection is the caller's to serve from now on.
    func take(_ connection: Connection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection.channel as AnyObject)) }
    }

    func takeAll() -> [Connection] {
        connections.withLock { held in
            defer { held = [:] }
            return Array(held.values)
        }
    }
}

/// Every request the server received, in order, readable from the test while the server runs.
private final class RequestLog: Sendable {
    private let requests = Mutex<[RecordedRequest]>([])

    var all: [RecordedRequest] { requests.withLock { $0 } }

    /// Returns the request's index.
    func append(_ request: RecordedRequest) -> Int {
        requests.withLock { list in
            list.append(request)
            return list.count - 1
        }
    }
}
