/// A whole reply, from `Provider.complete` or gathered from a stream.
public struct Completion: Sendable, Hashable {
    public var text: String
    public var reasoning: String
    public var usage: Usage
    public var finishReason: FinishReason

    public init(text: String, reasoning: String = "", usage: Usage = Usage(), finishReason: FinishReason = .stop) {
        self.text = text
        self.reasoning = reasoning
        self.usage = usage
        self.finishReason = finishReason
    }
}
