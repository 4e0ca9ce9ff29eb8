import Foundation

/// Model discovery for declarative providers: OpenAI's `GET …/models`, Anthropic's `GET /v1/models`,
/// Ollama's `GET /api/tags`, merged with the file's list (see `merged(withDiscovered:)` for the order), the
/// file's list standing in whenever the endpoint cannot answer usefully.
extension DeclarativeProvider {
    /// However long `timeout_seconds` lets a reply stay silent, a model list that has not begun to arrive
    /// within this is given up on: the picker and `natter models` must not wait two minutes on a server that
    /// accepts the connection and never answers. Twice this bounds a list that arrives a trickle at a time.
    public static let discoveryTimeLimit: Duration = .seconds(10)

    /// The file's list alone when the file turns discovery off; an error only when discovery failed and
    /// the file lists nothing to fall back on, so that the reason (connection refused, 401) reaches the person.
    public func listModels() async throws -> [ModelInfo] {
        let listing = await modelListing()
        try Task.checkCancellation()
        if listing.models.isEmpty, let reason = listing.fallbackReason { throw reason }
        return listing.models
    }

    /// For a file that lists no models, a model list answered with 429 or 5xx is asked again as a chat request
    /// would be (the file's retry policy, the server's Retry-After), within `discoveryTimeLimit` in all: a local
    /// server still loading its model once read as "not configured". A file with models of its own falls back
    /// to them at once, and a refused connection means nothing is there (the local servers' probe).
    private func fetchModelsRetrying(url: String, headers: [(String, String)]) async throws -> (models: [ModelInfo], server: ServerWindows.Server) {
        guard definition.models.isEmpty else { return try await fetchModels(url: url, headers: headers) }
        let policy = definition.retry
        let deadline = ContinuousClock.now + Self.discoveryTimeLimit
        var retry = 0
        while true {
            do {
                return try await fetchModels(url: url, headers: headers)
            } catch let error as ProviderError where error.status != nil && error.isRetryable && retry < policy.maxRetries {
                retry += 1
                let delay = policy.delay(beforeRetry: retry, retryAfter: error.retryAfter, jitter: context.jitter())
                guard ContinuousClock.now + delay < deadline else { throw error }
                try await context.sleep(delay)
            }
        }
    }

    public func modelListing() async -> ModelListing {
        guard definition.dynamicModels else { return ModelListing(models: definition.models) }
        let prepared: PreparedRequest
        do {
            prepared = try await prepareAuthorized(streaming: false) { EndpointResolver.modelsURL(engine: definition.engine, host: $0) }
        } catch {
            let reason = error as? ProviderError ?? ProviderError(.network, "model discovery was cancelled")
            return ModelListing(models: definition.models, fallbackReason: reason)
        }
        // A GET has no body to describe, and a models list is JSON whatever the chat endpoint streams.
        var headers = prepared.headers.filter { !["content-type", "accept"].contains($0.0.lowercased()) }
        headers.append(("Accept", "application/json"))
        let cacheKey = ([prepared.url] + headers.map { "\($0.0): \($0.1)" }).joined(separator: "\n")
        if let cached = modelCache.models(for: cacheKey) { return ModelListing(models: cached) }
        do {
            var (discovered, server) = try await fetchModelsRetrying(url: prepared.url, headers: headers)
            // Only the windows the file leaves unsaid are asked for: a file's value wins.
            let fileWindows = Set(definition.models.filter { $0.contextWindow != nil }.map(\.name))
            discovered = await withServerWindows(discovered, server: server, modelsURL: prepared.url, headers: headers, known: fileWindows)
            if definition.name == "litellm", discovered.contains(where: { $0.contextWindow == nil }) {
                discovered = await withLiteLLMModelInfo(discovered, modelsURL: prepared.url, headers: headers)
            }
            let models = definition.models.merged(withDiscovered: discovered)
            modelCache.store(models, for: cacheKey)
            return ModelListing(models: models)
        } catch let error as ProviderError {
            return ModelListing(models: definition.models, fallbackReason: error.redacting(prepared.secrets))
        } catch {
            // Cancelled: whoever asked has stopped listening; the file's list is still the honest answer.
            return ModelListing(models: definition.models, fallbackReason: ProviderError(.network, "model discovery was cancelled"))
        }
    }

    /// A LiteLLM proxy's `/models` lists names only; its `/model/info` says each model's `max_input_tokens`
    /// and whether it takes tools and images. Best effort: without it the names are still a good answer.
    private func withLiteLLMModelInfo(_ models: [ModelInfo], modelsURL: String, headers: [(String, String)]) async -> [ModelInfo] {
        guard let range = modelsURL.range(of: "/models", options: .backwards) else { return models }
        let infoURL = modelsURL.replacingCharacters(in: range, with: "/model/info")
        let exchange = WatchedExchange(client: context.httpClient, timeout: min(timeout, Self.discoveryTimeLimit))
        let request = WatchedExchange.Request(method: .GET, url: infoURL, headers: headers, body: nil)
        guard let data = try? await exchange.perform(request, monitor: ActivityMonitor(), read: { body, _, monitor in
            try await WatchedExchange.collect(body, limit: 16 * 1024 * 1024, monitor: monitor)
        }), let document = try? JSONValue.parse(data), case .array(let entries)? = document["data"] else { return models }
        var info: [String: JSONValue] = [:]
        for entry in entries {
            if let name = entry["model_name"]?.stringValue, let details = entry["model_info"], info[name] == nil { info[name] = details }
        }
        return models.map { model in
            guard let details = info[model.name] else { return model }
            var known = model
            known.contextWindow = model.contextWindow ?? details["max_input_tokens"]?.countValue
            if let tools = details["supports_function_calling"]?.boolValue { known.supportsTools = tools }
            if let vision = details["supports_vision"]?.boolValue { known.supportsVision = vision }
            return known
        }
    }

    /// One try, no retries: the file's list is a good enough answer that a person should not wait through
    /// backoff for a better one.
    private func fetchModels(url: String, headers: [(String, String)]) async throws -> (models: [ModelInfo], server: ServerWindows.Server) {
        let limit = min(timeout, Self.discoveryTimeLimit)
        let exchange = WatchedExchange(client: context.httpClient, timeout: limit)
        let request = WatchedExchange.Request(method: .GET, url: url, headers: headers, body: nil)
        let wire = self.wire
        let total = limit * 2
        let engine = definition.engine
        return try await withThrowingTaskGroup(of: (models: [ModelInfo], server: ServerWindows.Server).self) { group in
            group.addTask {
                try await exchange.perform(request, monitor: ActivityMonitor()) { body, _, monitor in
                    let data = try await WatchedExchange.collect(body, limit: 16 * 1024 * 1024, monitor: monitor)
                    return (try wire.parseModels(data), ServerWindows.Server.of(list: data, engine: engine))
                }
            }
            group.addTask {
                try await Task.sleep(for: total)
                throw ProviderError(.network, "the model list did not arrive within \(Int(total.inSeconds.rounded())) s")
            }
            defer { group.cancelAll() }
            guard let models = try await group.next() else { throw CancellationError() }
            return models
        }
    }
}
