import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request and its response, watched: silence longer than the timeout ends it, transport errors
/// become `ProviderError`s (network before the response began, interrupted after), and a non-2xx response
/// becomes the classified error with the provider's own message.
struct WatchedExchange {
    let client: HTTPClient
    let timeout: Duration

    struct Request {
        var method: HTTPMethod
        var url: String
        var headers: [(String, String)]
        var body: Data?
    }

    /// Runs `read` on a 2xx response's body (with its headers, which say what the body is). `read` calls
    /// `monitor.touch()` whenever real data arrives.
    func perform<T: Sendable>(
        _ request: Request, monitor: ActivityMonitor,
        read: @escaping @Sendable (HTTPClientResponse.Body, HTTPHeaders, ActivityMonitor) async throws -> T
    ) async throws -> T {
        let outgoing = Self.clientRequest(request)
        let client = self.client
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                do {
                    // The deadline of AsyncHTTPClient covers the whole body too, so it cannot bound a stream:
                    // the watchdog below does, counting silence rather than total time.
                    let response = try await client.execute(outgoing, deadline: .distantFuture)
                    monitor.markHead()
                    let status = Int(response.status.code)
                    guard (200..<300).contains(status) else {
                        let body = try await Self.collect(response.body, limit: 64 * 1024, monitor: monitor)
                        throw ErrorClassifier.error(
                            status: status, body: body, headers: response.headers.map { ($0.name, $0.value) })
                    }
                    return try await read(response.body, response.headers, monitor)
                } catch let error as ProviderError {
                    throw error
                } catch let error as CancellationError {
                    throw error
                } catch {
                    // AsyncHTTPClient reports a cancelled request as its own error; it is still a cancellation,
                    // never a network failure to retry.
                    if Task.isCancelled { throw CancellationError() }
                    throw Self.transportError(error, afterHead: monitor.receivedHead, url: request.url)
                }
            }
            group.addTask {
                try await monitor.watch(timeout: timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw CancellationError()
            }
            return result
        }
    }

    private static func clientRequest(_ request: Request) -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        return outgoing
    }

    /// A whole (bounded) body, for error responses and non-streamed replies.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int, monitor: ActivityMonitor) async throws -> Data {
        var data = Data()
        for try await buffer in body {
            monitor.touch()
            if data.count < limit { data.append(contentsOf: buffer.readableBytesView.prefix(limit - data.count)) }
        }
        return data
    }

    static func transportError(_ error: any Error, afterHead: Bool, url: String) -> ProviderError {
        let detail = describe(error)
        if afterHead {
            return ProviderError(.interrupted, "the connection dropped mid-reply (\(detail)); the reply is incomplete")
        }
        // Where it tried, without path or query (which may carry a key): "connection refused" alone does not
        // say which server was meant to be there.
        return ProviderError(.network, "\(detail) at \(origin(of: url))").unreached()
    }

    /// `scheme://host:port` of a URL.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return String(url.prefix { $0 != "?" })
        }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }

    /// NIO and AsyncHTTPClient errors describe themselves in code terms; say what happened instead.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("connection refused") || lowered.contains("connectionrefused") {
            return "connection refused"
        }
        if lowered.contains("remoteconnectionclosed") || lowered.contains("invalideofstate")
            || lowered.contains("connection reset") || lowered.contains("ioonclosedchannel")
        {
            return "connection closed by the server"
        }
        if lowered.contains("connecttimeout") { return "timed out connecting" }
        if lowered.contains("unable to resolve") || lowered.contains("resolve") || lowered.contains("dns") {
            return "could not resolve the host name"
        }
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("certificate") {
            return "TLS failed: \(text)"
        }
        return text
    }
}
