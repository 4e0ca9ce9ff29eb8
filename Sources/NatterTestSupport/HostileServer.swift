import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A server on 127.0.0.1 that writes raw bytes: the status line, headers and body exactly as a test scripts
/// them, where an HTTP library would refuse to misbehave (a `Retry-After: inf`, a redirect to another
/// origin, a line that never ends, a body that is not what its headers say). It reads each request as
/// HTTP/1.1 (head, then a Content-Length body), records it, and closes the connection after every answer.
public final class HostileServer: Sendable {
    public enum Step: Sendable {
        case bytes([UInt8])
        case pause(Duration)
        /// Bytes written again and again, `count` times, `pause` between them (a drip, an endless line).
        case repeated([UInt8], count: Int, pause: Duration?)
    }

    public typealias Handler = @Sendable (RecordedRequest, Int) async -> [Step]

    public let port: Int
    private let channel: any Channel
    private let serving: Task<Void, Never>

    public static func start(handler: @escaping Handler) async throws -> HostileServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Half-closure: the answer's end is a FIN after every byte is written, where closing the
                    // channel at once would drop bytes still queued.
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return HostileServer(server: server, handler: handler)
    }

    private init(server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, handler: @escaping Handler) {
        port = server.channel.localAddress?.port ?? 0
        channel = server.channel
        let box = LogBox()
        // Off the cooperative pool, which the suite's heavy tests can hold for seconds (see ServingThread).
        serving = Task(executorPreference: ServingThread.shared) {
            try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await Self.serve(connection, handler: handler, log: box) }
                    }
                }
            }
        }
        self.box = box
    }

    private let box: LogBox

    public var url: String { "http://127.0.0.1:\(port)" }
    public var requests: [RecordedRequest] { box.all }

    public func stop() async {
        serving.cancel()
        try? await channel.close()
        _ = await serving.result
    }

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, handler: Handler, log: LogBox) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var received: [UInt8] = []
            var reading = inbound.makeAsyncIterator()
            while let buffer = try await reading.next() {
                received += buffer.readableBytesView
                guard let request = Self.request(in: received) else { continue }
                let index = log.append(request)
                for step in await handler(request, index) {
                    switch step {
                    case .bytes(let bytes):
                        try await outbound.write(ByteBuffer(bytes: bytes))
                    case .pause(let duration):
                        try await Task.sleep(for: duration)
                    case .repeated(let bytes, let count, let pause):
                        for _ in 0..<count {
                            try await outbound.write(ByteBuffer(bytes: bytes))
                            if let pause { try await Task.sleep(for: pause) }
                        }
                    }
                }
                outbound.finish()
                // Until the client, having read the answer to its end, hangs up.
                while try await reading.next() != nil {}
                return
            }
        }
    }

    /// The request once its head and Content-Length body are all in.
    static func request(in bytes: [UInt8]) -> RecordedRequest? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        let headers: [(String, String)] = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let body = bytes[(end + 4)...]
        guard body.count >= length else { return nil }
        return RecordedRequest(method: String(requestLine[0]), uri: String(requestLine[1]), headers: headers, body: Array(body.prefix(length)))
    }
}

private final class LogBox: Sendable {
    private let requests = Mutex<[RecordedRequest]>([])
    var all: [RecordedRequest] { requests.withLock { $0 } }
    func append(_ request: RecordedRequest) -> Int {
        requests.withLock {
            $0.append(request)
            return $0.count - 1
        }
    }
}

extension HostileServer.Step {
    /// A whole response written as raw text: status line, the headers as given (nothing added but
    /// `Connection: close`), a blank line and the body.
    public static func response(status: String = "200 OK", headers: [(String, String)] = [], body: String = "") -> Self {
        let lines = ["HTTP/1.1 \(status)"] + headers.map { "\($0.0): \($0.1)" } + ["Connection: close", "", ""]
        return .bytes(Array((lines.joined(separator: "\r\n") + body).utf8))
    }
}
