import AsyncHTTPClient
import Foundation
import NIOCore
import NatterProviders

/// A provider written in Swift for an API no declarative engine speaks (see QuillAPI.swift). It uses only
/// natter's public API: the `Provider` protocol, `ProviderContext` for the environment and HTTP client,
/// `ProviderError` for failures, and `NDJSONDecoder` for lines.
public struct QuillProvider: Provider {
    let context: ProviderContext
    /// However long a reply takes, in all. (The declarative engines watch for silence instead; an example
    /// keeps to a plain deadline.)
    let timeout: TimeAmount

    public init(context: ProviderContext = .live, timeout: TimeAmount = .minutes(5)) {
        self.context = context
        self.timeout = timeout
    }

    public var metadata: ProviderMetadata { Self.metadata }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamChunk.self)
        let task = Task {
            do {
                try await generate(QuillRequest(request), into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // The consumer stopped listening (Esc in the UI): stop the request too.
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func listModels() async throws -> [ModelInfo] {
        let endpoint = try self.endpoint()
        var request = HTTPClientRequest(url: endpoint.host + "/models")
        request.headers.add(name: "X-Quill-Key", value: endpoint.key)
        let body = try await send(request, key: endpoint.key) { response in
            Data(try await response.body.collect(upTo: 4 * 1024 * 1024).readableBytesView)
        }
        guard let list = try? JSONDecoder().decode(QuillModelList.self, from: body) else {
            throw ProviderError(.malformedResponse, "Quill's model list is not the expected JSON")
        }
        return list.available.map { ModelInfo(name: $0.id, contextWindow: $0.context, supportsTools: false) }
    }

    private func generate(_ body: QuillRequest, into continuation: AsyncThrowingStream<StreamChunk, any Error>.Continuation)
        async throws
    {
        let endpoint = try self.endpoint()
        var request = HTTPClientRequest(url: endpoint.host + "/generate")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/x-ndjson")
        request.headers.add(name: "X-Quill-Key", value: endpoint.key)
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        try await send(request, key: endpoint.key) { response in
            var reader = QuillStreamReader()
            do {
                for try await buffer in response.body {
                    try reader.push(buffer.readableBytesView) { continuation.yield($0) }
                }
            } catch let error as ProviderError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                // The body began and then broke off: what arrived is kept, the reply is marked incomplete.
                throw ProviderError(.interrupted, "the connection dropped mid-reply; the reply is incomplete")
            }
            try reader.finish { continuation.yield($0) }
        }
    }

    /// Sends the request; a non-2xx status becomes the classified error with Quill's own detail, and no
    /// message may carry the key back out.
    private func send<T>(_ request: HTTPClientRequest, key: String, read: (HTTPClientResponse) async throws -> T) async throws -> T {
        let response: HTTPClientResponse
        do {
            response = try await context.httpClient.execute(request, timeout: timeout)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ProviderError(.network, "could not reach Quill: \(error)").redacting([key])
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = (try? await response.body.collect(upTo: 64 * 1024)).map { Data($0.readableBytesView) } ?? Data()
            let failure = (try? JSONDecoder().decode(QuillErrorBody.self, from: body))?.failure
                ?? QuillFailure(kind: nil, detail: "HTTP status \(status)")
            throw failure.providerError(status: status).redacting([key])
        }
        do {
            return try await read(response)
        } catch let error as ProviderError {
            throw error.redacting([key])
        }
    }

    /// The host and key as the environment gives them now, so a key exported after start-up is used.
    private func endpoint() throws(ProviderError) -> (host: String, key: String) {
        let environment = context.environment()
        guard let key = environment["QUILL_API_KEY"], !key.isEmpty else {
            throw ProviderError(.configuration, "quill needs QUILL_API_KEY: export it, then try again")
        }
        let host = (try? EnvironmentTemplate.expand(Self.metadata.host) { environment[$0] }) ?? "http://localhost:7070"
        return (host.hasSuffix("/") ? String(host.dropLast()) : host, key)
    }
}
