/// How a reply ended, as the transcript records it: the provider's `FinishReason`, or what stopped it first.
public enum MessageFinish: String, Sendable, Hashable, Codable {
    case stop, length, cancelled, interrupted, error
    /// The provider's filter ended or refused the reply (OpenAI `content_filter`, Anthropic `refusal`).
    case contentFilter = "content_filter"
    /// The reply asks for tools to be run; the conversation goes on with their results.
    case toolCalls = "tool_calls"

    public init(_ reason: FinishReason) {
        switch reason {
        case .stop: self = .stop
        case .length: self = .length
        case .contentFilter: self = .contentFilter
        case .toolCalls: self = .toolCalls
        }
    }

    /// The reply came whole (as far as the provider goes).
    public var isAnswer: Bool { self == .stop || self == .length || self == .contentFilter || self == .toolCalls }
}
