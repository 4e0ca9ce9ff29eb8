import Foundation

/// Model discovery for declarative providers: OpenAI's `GET …/models`, Anthropic's `GET /v1/models`,
/// Ollama's `GET /api/tags`, merged with the file's list (see `merged(withDiscovered:)` for the order), the
/// file's list standing in whenever the endpoint cannot answer usefully.
extension DeclarativeProvider {
    /// However long `timeout_seconds` lets a reply stay silent, a model list that has not begun to arrive
    /// within this is given up on: the picker and `natter models` must not wait two minutes on a server that
    /// accepts the connection and never answers. Twice this bounds a list that arrives a trickle at a time.
    public static let discoveryTimeLimit: Duration = .seconds(5)

    /// The file's list alone when the file turns discovery off; an error only when discovery failed and
    /// the file lists nothing to fall back on, so that the reason (connection refused, 401) reaches the person.
    public func listModels() async throws -> [ModelInfo] {
        let listing = await modelListing()
        try Task.checkCancellation()
        if listing.models.isEmpty, let reason = listing.fallbackReason { throw reason }
        return listing.models
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
            let discovered = try await fetchModels(url: prepared.url, headers: headers)
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

    /// One try, no retries: the file's list is a good enough answer that a person should not wait through
    /// backoff for a better one.
    private func fetchModels(url: String, headers: [(String, String)]) async throws -> [ModelInfo] {
        let limit = min(timeout, Self.discoveryTimeLimit)
        let exchange = WatchedExchange(client: context.httpClient, timeout: limit)
        let request = WatchedExchange.Request(method: .GET, url: url, headers: headers, body: nil)
        let wire = self.wire
        let total = limit * 2
        return try await withThrowingTaskGroup(of: [ModelInfo].self) { group in
            group.addTask {
                try await exchange.perform(request, monitor: ActivityMonitor()) { body, _, monitor in
                    let data = try await WatchedExchange.collect(body, limit: 16 * 1024 * 1024, monitor: monitor)
                    return try wire.parseModels(data)
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
