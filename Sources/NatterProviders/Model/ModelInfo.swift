/// A model a provider offers, with what the picker shows about it.
public struct ModelInfo: Sendable, Hashable, Codable {
    public var name: String
    /// A friendlier name the provider gives it (Anthropic's and Together's model lists); nil when none.
    public var displayName: String?
    /// Tokens; nil when neither the provider file nor discovery says.
    public var contextWindow: Int?
    public var supportsTools: Bool
    public var supportsVision: Bool
    /// Its price, from the provider file; nil when unknown.
    public var cost: ModelCost?

    public init(
        name: String, displayName: String? = nil, contextWindow: Int? = nil, supportsTools: Bool = true,
        supportsVision: Bool = false, cost: ModelCost? = nil
    ) {
        self.cost = cost
        self.name = name
        self.displayName = displayName
        self.contextWindow = contextWindow
        self.supportsTools = supportsTools
        self.supportsVision = supportsVision
    }
}
