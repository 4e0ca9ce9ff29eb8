/// What to ask for on one request: which model, and the knobs a person may set.
public struct ModelConfig: Sendable, Hashable {
    public var model: String
    /// Sent in the engine's own place for a system prompt; nil sends none.
    public var systemPrompt: String?
    public var parameters: ModelParameters

    /// nil leaves the provider's default, except Anthropic, whose API requires a value.
    public var maxTokens: Int? {
        get { parameters.maxTokens }
        set { parameters.maxTokens = newValue }
    }

    public var temperature: Double? {
        get { parameters.temperature }
        set { parameters.temperature = newValue }
    }

    public init(
        model: String, systemPrompt: String? = nil, maxTokens: Int? = nil, temperature: Double? = nil,
        parameters: ModelParameters = ModelParameters()
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.parameters = parameters
        if let maxTokens { self.parameters.maxTokens = maxTokens }
        if let temperature { self.parameters.temperature = temperature }
    }
}
