/// Why a reply ended, as the provider said it. A reply that ended without the provider saying so is not a
/// `FinishReason` at all: it is a `ProviderError` of kind `.interrupted`.
public enum FinishReason: String, Sendable, Codable, Hashable {
    case stop
    case length
    case toolCalls = "tool_calls"
    case contentFilter = "content_filter"
}

/// Token counts, when the provider reports them.
public struct Usage: Sendable, Codable, Hashable {
    /// Every input token the request carried, those read from or written to the provider's prompt cache among
    /// them (engines that count them apart, as Anthropic does, are added up into this).
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// Of the input, the tokens read from the provider's prompt cache (billed at a fraction of the input price).
    public var cacheReadTokens: Int?
    /// Of the input, the tokens written to the prompt cache (Anthropic bills them above the input price).
    public var cacheWriteTokens: Int?
    /// What the exchange cost in US dollars, from the model's price (`models[].cost`); nil when no price is
    /// known.
    public var cost: Double?
    /// The cost priced cached tokens as plain input, for want of a cache price: an estimate, and said so.
    public var costIsEstimate = false

    /// Counts come from the provider: a negative or absurd one is dropped, never summed.
    public init(
        inputTokens: Int? = nil, outputTokens: Int? = nil, cacheReadTokens: Int? = nil, cacheWriteTokens: Int? = nil, cost: Double? = nil,
        costIsEstimate: Bool = false
    ) {
        self.inputTokens = ExternalNumber.tokenCount(inputTokens)
        self.outputTokens = ExternalNumber.tokenCount(outputTokens)
        self.cacheReadTokens = ExternalNumber.tokenCount(cacheReadTokens)
        self.cacheWriteTokens = ExternalNumber.tokenCount(cacheWriteTokens)
        self.cost = ExternalNumber.dollars(cost)
        self.costIsEstimate = costIsEstimate
    }

    /// Later reports fill in what earlier ones lacked (Anthropic sends input tokens first, output tokens last).
    public func updated(with other: Usage) -> Usage {
        Usage(
            inputTokens: other.inputTokens ?? inputTokens, outputTokens: other.outputTokens ?? outputTokens,
            cacheReadTokens: other.cacheReadTokens ?? cacheReadTokens, cacheWriteTokens: other.cacheWriteTokens ?? cacheWriteTokens,
            cost: other.cost ?? cost, costIsEstimate: other.cost == nil ? costIsEstimate : other.costIsEstimate)
    }

    /// The share of the input read from the prompt cache, as a whole percentage; nil when none was reported.
    public var cachePercent: Int? {
        guard let read = cacheReadTokens, read > 0, let input = inputTokens, input > 0 else { return nil }
        return min(100, Int((Double(read) / Double(input) * 100).rounded()))
    }
}

/// A piece of a tool call as it streams: the id and name come once, the arguments in fragments of JSON.
public struct ToolCallDelta: Sendable, Hashable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var argumentsFragment: String

    public init(index: Int, id: String? = nil, name: String? = nil, argumentsFragment: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.argumentsFragment = argumentsFragment
    }
}

/// Said before natter waits to try a request again, so that a person sees the wait instead of a frozen screen.
public struct RetryNotice: Sendable, Hashable {
    /// 1 for the first retry.
    public var attempt: Int
    public var maxRetries: Int
    public var delay: Duration
    /// The failure that caused the retry, in one line.
    public var reason: String

    public init(attempt: Int, maxRetries: Int, delay: Duration, reason: String) {
        self.attempt = attempt
        self.maxRetries = maxRetries
        self.delay = delay
        self.reason = reason
    }
}

/// What a streaming provider yields. The stream ends with exactly one `.finished` when the reply is
/// complete, or throws a `ProviderError` when it is not.
public enum StreamChunk: Sendable, Hashable {
    case text(String)
    case reasoning(String)
    case toolCall(ToolCallDelta)
    case usage(Usage)
    case retrying(RetryNotice)
    case finished(FinishReason)
}
