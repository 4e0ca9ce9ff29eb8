/// What the registry and the UI know about a provider before talking to it.
public struct ProviderMetadata: Sendable, Hashable {
    public var name: String
    public var displayName: String
    /// "openai", "anthropic", "ollama" for declarative providers; anything for one written in Swift.
    public var engine: String
    /// For display only; may still hold `${VAR}` templates.
    public var host: String
    public var models: [ModelInfo]
    public var defaultModel: String?
    /// Each listed model's default request parameters (`models[].parameters`), by model name.
    public var modelParameters: [String: ModelParameters] = [:]

    public init(
        name: String, displayName: String? = nil, engine: String, host: String, models: [ModelInfo],
        defaultModel: String? = nil
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.engine = engine
        self.host = host
        self.models = models
        self.defaultModel = defaultModel
    }

    /// The model to use when nobody named one.
    public var preferredModel: String? { defaultModel ?? models.first?.name }
}

/// A source of model replies. Mirrors the `Provider` trait of goose's design: the declarative engines are
/// providers, and so is anything written in Swift and registered with `ProviderRegistry.register`.
/// What a model can do (tools, images) is said per model, in `ModelInfo`.
public protocol Provider: Sendable {
    var metadata: ProviderMetadata { get }

    /// The reply as it is produced. Ends after `.finished`, or throws a `ProviderError`; cancelling the
    /// consuming task cancels the request.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamChunk, any Error>

    /// Models the provider offers now; the metadata's static list where it cannot say. Throws only when
    /// there is no list at all to show (discovery failed and the static list is empty).
    func listModels() async throws -> [ModelInfo]

    /// The same list, saying why discovery did not supply it when it did not, for `natter models`.
    func modelListing() async -> ModelListing
}

extension Provider {
    public func listModels() async throws -> [ModelInfo] { metadata.models }

    public func modelListing() async -> ModelListing {
        do {
            return ModelListing(models: try await listModels())
        } catch {
            let reason = error as? ProviderError ?? ProviderError(.network, "\(error)")
            return ModelListing(models: metadata.models, fallbackReason: reason)
        }
    }
}

extension Completion {
    /// The reply a stream adds up to; throws what the stream throws.
    public static func collecting(_ stream: AsyncThrowingStream<StreamChunk, any Error>) async throws -> Completion {
        var reply = CompletionAccumulator()
        for try await chunk in stream { reply.add(chunk) }
        guard reply.finished else {
            throw ProviderError(.interrupted, "the stream ended before the reply was complete")
        }
        return reply.completion
    }
}
