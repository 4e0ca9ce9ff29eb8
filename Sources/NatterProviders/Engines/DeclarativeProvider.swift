import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A provider described by a file: one of the three wire formats, plus the file's host, auth, headers,
/// timeout and retry policy.
public struct DeclarativeProvider: Provider {
    public let definition: ProviderDefinition
    let context: ProviderContext
    let wire: any WireFormat
    /// Shared by copies of this value: one provider instance asks its models endpoint once.
    let modelCache = ModelListCache()
    /// Set when the provider signs in with OAuth; shared by copies of this value, like the model cache.
    let oauth: OAuthTokenSource?

    public init(definition: ProviderDefinition, context: ProviderContext = .live) {
        self.definition = definition
        self.context = context
        self.wire = WireFormats.format(for: definition.engine)
        self.oauth = OAuthTokenSource(definition: definition, context: context)
    }

    public var metadata: ProviderMetadata { definition.metadata }

    var timeout: Duration { .milliseconds(Int64(definition.timeoutSeconds * 1000)) }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamChunk.self)
        let task = Task(executorPreference: NetworkThread.shared) {
            do {
                try await run(request, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private var wireOptions: WireOptions {
        WireOptions(
            includeStreamUsage: definition.supportsStreamOptions,
            promptCache: PromptCacheRefusals.contains(definition.name) ? .off : definition.promptCache)
    }

    /// The body `stream` sends for `request`, made once however often the request is retried. Public for the
    /// benchmark, which times it with a 20 MB image.
    public func requestBody(_ request: ChatRequest) throws -> Data {
        try wire.requestBody(request, streaming: definition.supportsStreaming, options: wireOptions)
    }

    private func run(
        _ request: ChatRequest, into continuation: AsyncThrowingStream<StreamChunk, any Error>.Continuation
    ) async throws {
        let caching = wireOptions.promptCache != .off && definition.engine == .anthropic
        do {
            try await send(request, body: try requestBody(request), into: continuation)
        } catch let error as ProviderError where caching && error.status == 400 && error.message.contains("cache_control") {
            // A server that does not take cache breakpoints (a proxy, an older API): remembered for this run,
            // said once, and the request goes again without them.
            PromptCacheRefusals.record(definition.name)
            continuation.yield(.retrying(RetryNotice(
                attempt: 1, maxRetries: 1, delay: .zero,
                reason: "\(definition.name) refused prompt caching (cache_control): sent again without it, as every request will be")))
            try await send(request, body: try requestBody(request), into: continuation)
        }
    }

    private func send(
        _ request: ChatRequest, body: Data, into continuation: AsyncThrowingStream<StreamChunk, any Error>.Continuation
    ) async throws {
        let streaming = definition.supportsStreaming
        try await withAuthorization(streaming: streaming) { prepared in
            try await withRetries(secrets: prepared.secrets, onRetry: { continuation.yield(.retrying($0)) }) { monitor in
                if streaming {
                    try await streamOnce(prepared, body: body, monitor: monitor, into: continuation)
                } else {
                    let reply = try await completeOnce(prepared, body: body, monitor: monitor)
                    for chunk in reply.chunks { continuation.yield(chunk) }
                }
            }
        }
    }

    /// Prepares the chat request and sends it. With OAuth (SPEC 3.5) a 401 renews the token once and the
    /// request goes once more; a second 401 is the authentication error it says it is.
    private func withAuthorization<T>(streaming: Bool, send: (PreparedRequest) async throws -> T) async throws -> T {
        let endpoint = { (host: String) in EndpointResolver.chatURL(engine: definition.engine, host: host) }
        let prepared = try await prepareAuthorized(streaming: streaming, endpoint)
        do {
            return try await send(prepared)
        } catch let error as ProviderError where error.status == 401 && prepared.bearer != nil {
            return try await send(try await prepareAuthorized(streaming: streaming, replacing: prepared.bearer, endpoint))
        }
    }

    /// `prepare`, with a current OAuth token when the provider uses OAuth; `rejected` is a token the provider
    /// has just refused, to be replaced.
    func prepareAuthorized(
        streaming: Bool, replacing rejected: String? = nil, _ endpoint: (String) -> String
    ) async throws -> PreparedRequest {
        guard let oauth else { return try prepare(streaming: streaming, endpoint) }
        let token: String
        if let rejected {
            token = try await oauth.accessToken(replacing: rejected)
        } else {
            token = try await oauth.accessToken()
        }
        return try prepare(streaming: streaming, bearer: token, endpoint)
    }

    /// Tries `attempt` until it succeeds, retrying what is worth retrying (SPEC 3.4): connection failures,
    /// 429, 5xx and 529, never once content has been shown, never more than `max_retries` times, and never
    /// sooner than the server's Retry-After.
    private func withRetries<T>(
        secrets: [String], onRetry: (RetryNotice) -> Void, attempt: (ActivityMonitor) async throws -> T
    ) async throws -> T {
        let policy = definition.retry
        var retry = 0
        while true {
            let monitor = ActivityMonitor()
            do {
                return try await attempt(monitor)
            } catch let error as ProviderError {
                let shown = naming(Self.beforeContent(error.redacting(secrets), emittedContent: monitor.emittedContent))
                guard shown.isRetryable, !monitor.emittedContent, retry < policy.maxRetries else { throw shown }
                if let wait = shown.retryAfter, wait > policy.maxDelay {
                    throw ProviderError(
                        shown.kind, "\(shown.message); the provider asks to wait \(Self.format(wait)), longer than max_delay_ms",
                        status: shown.status, retryAfter: wait)
                }
                retry += 1
                let delay = policy.delay(beforeRetry: retry, retryAfter: shown.retryAfter, jitter: context.jitter())
                onRetry(RetryNotice(attempt: retry, maxRetries: policy.maxRetries, delay: delay, reason: shown.description))
                try await context.sleep(delay)
            }
        }
    }

    private func streamOnce(
        _ prepared: PreparedRequest, body: Data, monitor: ActivityMonitor,
        into continuation: AsyncThrowingStream<StreamChunk, any Error>.Continuation
    ) async throws {
        let request = WatchedExchange.Request(method: .POST, url: prepared.url, headers: prepared.headers, body: body)
        let exchange = WatchedExchange(client: context.httpClient, timeout: timeout)
        let wire = self.wire
        try await exchange.perform(request, monitor: monitor) { responseBody, headers, monitor in
            let deliver = { (chunk: StreamChunk) in
                switch chunk {
                case .text, .reasoning, .toolCall: monitor.markContent()
                default: break
                }
                continuation.yield(chunk)
            }
            var reader = StreamedBodyReader(wire: wire, contentType: headers.first(name: "Content-Type"))
            for try await buffer in responseBody {
                if try reader.push(buffer.readableBytesView, into: deliver) { monitor.touch() }
                NetworkThread.shared.paceReading()
            }
            try reader.finish(into: deliver)
        }
    }

    private func completeOnce(_ prepared: PreparedRequest, body: Data, monitor: ActivityMonitor) async throws -> Completion {
        let request = WatchedExchange.Request(method: .POST, url: prepared.url, headers: prepared.headers, body: body)
        let exchange = WatchedExchange(client: context.httpClient, timeout: timeout)
        let wire = self.wire
        return try await exchange.perform(request, monitor: monitor) { responseBody, _, monitor in
            let data = try await WatchedExchange.collect(responseBody, limit: 64 * 1024 * 1024, monitor: monitor)
            return try wire.parseCompletion(data)
        }
    }

    /// A request's URL and headers with every `${VAR}` expanded now, plus the expanded secrets so that error
    /// messages can be scrubbed of them.
    struct PreparedRequest {
        var url: String
        var headers: [(String, String)]
        var secrets: [String]
        /// The OAuth access token the request carries, if any.
        var bearer: String?
    }

    /// `streaming` picks the Accept header: a non-streamed request asks for JSON, not an event stream.
    /// `bearer` is the OAuth access token for a provider that signs in with OAuth (see `prepareAuthorized`).
    func prepare(streaming: Bool, bearer: String? = nil, _ endpoint: (String) -> String) throws(ProviderError) -> PreparedRequest {
        let environment = context.environment()
        func expand(_ template: String) throws(ProviderError) -> String {
            try definition.expand(template, in: environment)
        }
        var headers: [(String, String)] = [("Content-Type", "application/json"), ("User-Agent", "natter/\(NatterVersion.current)")]
        headers += wire.requiredHeaders(streaming: streaming)
        var query: [(String, String)] = []
        var secrets: [String] = []
        // An optional key whose variable is not set: the request goes without it.
        let keyLeftOut = definition.authIsOptional && !definition.missingKeyVariables(in: environment).isEmpty
        switch definition.auth {
        case .none: break
        case .header where keyLeftOut, .query where keyLeftOut: break
        case .header(let name, let value):
            let expanded = try expand(value)
            headers.append((try expand(name), expanded))
            secrets.append(expanded)
            if let token = expanded.split(separator: " ").last, token.count != expanded.count { secrets.append(String(token)) }
        case .query(let name, let value):
            let expanded = try expand(value)
            query.append((try expand(name), expanded))
            secrets.append(expanded)
        case .oauth:
            guard let bearer else {
                throw ProviderError(.configuration, "\(definition.name) has no OAuth token: run `natter login \(definition.name)`")
            }
            headers.append(("Authorization", "Bearer \(bearer)"))
            secrets.append(bearer)
        }
        for (name, value) in definition.headers {
            let expandedName = try expand(name)
            headers.removeAll { $0.0.caseInsensitiveCompare(expandedName) == .orderedSame }
            headers.append((expandedName, try expand(value)))
        }
        for (name, value) in definition.query { query.append((try expand(name), try expand(value))) }
        let url = EndpointResolver.appendingQuery(query, to: endpoint(try expand(definition.host)))
        // A header or query parameter built from a variable may hold a key too (goose files put them in `headers`).
        let templated = (definition.headers + definition.query).contains { $0.1.contains("${") }
        try PlainHTTPGuard.check(url: url, carriesCredentials: !secrets.isEmpty || templated, provider: definition)
        return PreparedRequest(url: url, headers: headers, secrets: secrets, bearer: bearer)
    }

    /// An authentication error says which variable the key came from: that is what to fix.
    private func naming(_ error: ProviderError) -> ProviderError {
        let variables = definition.credentialVariables
        guard error.kind == .authentication, !variables.isEmpty, !error.message.contains(variables[0]) else { return error }
        var named = error
        named.message = TerminalText.singleLine(
            "\(error.message) (the key comes from \(variables.joined(separator: ", ")): check it is set and valid)", limit: 400)
        return named
    }

    /// A stream that dropped or ended before any text was shown has lost nothing a person saw: it is a failed
    /// attempt (and retried like one), not an incomplete reply.
    static func beforeContent(_ error: ProviderError, emittedContent: Bool) -> ProviderError {
        guard error.isInterruption, !emittedContent else { return error }
        let message = error.message.replacingOccurrences(of: "; the reply is incomplete", with: "")
        return ProviderError(.network, "\(message), before any reply arrived", status: error.status, retryAfter: error.retryAfter)
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return seconds >= 120 ? "\(Int(seconds / 60)) min" : "\(Int(seconds.rounded())) s"
    }
}
