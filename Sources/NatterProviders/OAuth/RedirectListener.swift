import NIOCore
import NIOHTTP1
import NIOPosix

/// Where the browser comes back to after a PKCE sign-in (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 with
/// an ephemeral port, answering `/callback` once. A callback whose `state` is not the one natter sent is
/// refused and ignored, so that another page cannot slip its own code in; the real one may still follow.
final class RedirectListener: Sendable {
    let port: Int
    private let channel: any Channel
    private let serving: Task<Void, Never>
    private let callbacks: AsyncStream<[String: String]>

    var redirectURI: String { "http://127.0.0.1:\(port)/callback" }

    static func start(expectedState: String) async throws -> RedirectListener {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        return RedirectListener(server: server, expectedState: expectedState)
    }

    private init(
        server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>, expectedState: String
    ) {
        port = server.channel.localAddress?.port ?? 0
        channel = server.channel
        let (callbacks, continuation) = AsyncStream.makeStream(of: [String: String].self)
        self.callbacks = callbacks
        serving = Task {
            // Connections are served side by side: browsers open spare ones speculatively and may leave them idle.
            try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            if let query = try? await Self.serve(connection, expectedState: expectedState) {
                                continuation.yield(query)
                                continuation.finish()
                            }
                        }
                    }
                }
            }
        }
    }

    /// The callback's query parameters (`code` and `state`, or `error`); nil if the listener was stopped.
    func callback() async -> [String: String]? {
        for await query in callbacks { return query }
        return nil
    }

    func stop() async {
        serving.cancel()
        try? await channel.close()
        _ = await serving.result
    }

    /// Answers every request on the connection; returns the first genuine callback's query.
    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, expectedState: String
    ) async throws -> [String: String]? {
        try await connection.executeThenClose { inbound, outbound in
            for try await part in inbound {
                guard case .head(let head) = part else { continue }
                let pieces = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
                let query = pieces.count > 1 ? FormEncoding.decode(pieces[1]) : [:]
                guard pieces.first == "/callback" else {
                    try await respond(404, "Not found.", to: outbound)
                    continue
                }
                guard query["state"] == expectedState else {
                    try await respond(400, "This sign-in was not started by natter; it was ignored.", to: outbound)
                    continue
                }
                let page =
                    query["error"] == nil
                    ? "Signed in. You can close this tab and return to natter."
                    : "The sign-in did not succeed (\(query["error"] ?? "")). natter says why; you can close this tab."
                // The callback counts whatever becomes of the page: a browser may hang up as soon as it has
                // read it, failing the last write, and the sign-in must not then wait out its time limit.
                try? await respond(200, page, to: outbound)
                return query
            }
            return nil
        }
    }

    private static func respond(
        _ status: Int, _ text: String, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let body = "<!doctype html><meta charset=utf-8><title>natter</title><p>\(escaped)</p>\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
        try await outbound.write(.end(nil))
    }
}
