/// What to ask for on one request: which model, and the knobs a person may set.
public struct ModelConfig: Sendable, Hashable {
    public var model: String
    /// Sent in the engine's own place for a system prompt; nil sends none.
    public var systemPrompt: String?
    /// nil leaves the provider's default, except Anthropic, whose API requires a value.
    public var maxTokens: Int?
    public var temperature: Double?

    public init(model: String, systemPrompt: String? = nil, maxTokens: Int? = nil, temperature: Double? = nil) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}
