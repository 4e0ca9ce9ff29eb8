/// A model a provider offers, with what the picker shows about it.
public struct ModelInfo: Sendable, Hashable, Codable {
    public var name: String
    /// Tokens; nil when neither the provider file nor discovery says.
    public var contextWindow: Int?
    public var supportsTools: Bool
    public var supportsVision: Bool

    public init(name: String, contextWindow: Int? = nil, supportsTools: Bool = true, supportsVision: Bool = false) {
        self.name = name
        self.contextWindow = contextWindow
        self.supportsTools = supportsTools
        self.supportsVision = supportsVision
    }
}

extension Array where Element == ModelInfo {
    /// Discovered names in discovery order, each keeping what the static list knew about it (context window,
    /// badges), since discovery endpoints rarely say as much as a provider file does.
    public func merged(withDiscovered discovered: [ModelInfo]) -> [ModelInfo] {
        let known = Dictionary(map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return discovered.map { found in
            guard let staticInfo = known[found.name] else { return found }
            return ModelInfo(
                name: found.name,
                contextWindow: staticInfo.contextWindow ?? found.contextWindow,
                supportsTools: staticInfo.supportsTools,
                supportsVision: staticInfo.supportsVision || found.supportsVision)
        }
    }
}
