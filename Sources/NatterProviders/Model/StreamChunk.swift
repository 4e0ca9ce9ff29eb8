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
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// What the exchange cost in US dollars, from the model's price (`models[].cost`); nil when no price is
    /// known.
    public var cost: Double?

    /// Counts come from the provider: a negative or absurd one is dropped, never summed.
    public init(inputTokens: Int? = nil, outputTokens: Int? = nil, cost: Double? = nil) {
        self.inputTokens = ExternalNumber.tokenCount(inputTokens)
        self.outputTokens = ExternalNumber.tokenCount(outputTokens)
        self.cost = ExternalNumber.dollars(cost)
    }

    /// Later reports fill in what earlier ones lacked (Anthropic sends input tokens first, output tokens last).
    public func updated(with other: Usage) -> Usage {
        Usage(inputTokens: other.inputTokens ?? inputTokens, outputTokens: other.outputTokens ?? outputTokens, cost: other.cost ?? cost)
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
