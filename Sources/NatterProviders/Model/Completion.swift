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

extension Completion {
    /// The reply as the chunks a stream of it would have carried, for callers that asked for a stream and
    /// were given a whole reply.
    public var chunks: [StreamChunk] {
        var chunks: [StreamChunk] = []
        if !reasoning.isEmpty { chunks.append(.reasoning(reasoning)) }
        if !text.isEmpty { chunks.append(.text(text)) }
        return chunks + [.usage(usage), .finished(finishReason)]
    }
}

/// Adds a stream's chunks up into the reply they make, and knows whether it finished.
public struct CompletionAccumulator: Sendable {
    public private(set) var completion = Completion(text: "")
    public private(set) var finished = false

    public init() {}

    public mutating func add(_ chunk: StreamChunk) {
        switch chunk {
        case .text(let text): completion.text += text
        case .reasoning(let text): completion.reasoning += text
        case .usage(let usage): completion.usage = completion.usage.updated(with: usage)
        case .finished(let reason):
            completion.finishReason = reason
            finished = true
        case .toolCall, .retrying: break
        }
    }
}
