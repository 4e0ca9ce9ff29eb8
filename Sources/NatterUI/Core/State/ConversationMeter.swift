import NatterProviders

/// What the conversation fills of the model's window (the header's meter) and what its replies cost.
public struct ConversationMeter: Sendable, Hashable {
    public var usedTokens: Int?
    /// `usedTokens` is, at least in part, natter's estimate (ContextMeter): the header marks it with `~`.
    public var usedTokensEstimated = false
    /// What the conversation's replies have cost so far, every branch, in US dollars; nil while no reply had
    /// a known price (the header then shows none rather than $0).
    public var sessionCost: Double?
    /// Every reply's input tokens and those read from a prompt cache, for the header's cache share.
    public var sessionTokens = Usage()

    public init() {}
}
