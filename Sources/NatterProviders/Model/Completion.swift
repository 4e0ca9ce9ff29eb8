/// A whole reply, from `Provider.complete` or gathered from a stream.
public struct Completion: Sendable, Hashable {
    public var text: String
    public var reasoning: String
    public var toolCalls: [ToolCall]
    public var usage: Usage
    public var finishReason: FinishReason

    public init(
        text: String, reasoning: String = "", toolCalls: [ToolCall] = [], usage: Usage = Usage(), finishReason: FinishReason = .stop
    ) {
        self.text = text
        self.reasoning = reasoning
        self.toolCalls = toolCalls
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
        for (index, call) in toolCalls.enumerated() {
            chunks.append(.toolCall(ToolCallDelta(index: index, id: call.id, name: call.name, argumentsFragment: call.arguments)))
        }
        return chunks + [.usage(usage), .finished(finishReason)]
    }
}

/// Adds a stream's chunks up into the reply they make, and knows whether it finished.
public struct CompletionAccumulator: Sendable {
    public private(set) var completion = Completion(text: "")
    public private(set) var finished = false
    /// The stream reported usage at all (a reply saved without any says none, rather than zeros).
    public private(set) var usageReported = false
    private var calls = ToolCallAssembler()

    public init() {}

    public mutating func add(_ chunk: StreamChunk) {
        switch chunk {
        case .text(let text): completion.text += text
        case .reasoning(let text): completion.reasoning += text
        case .usage(let usage):
            completion.usage = completion.usage.updated(with: usage)
            usageReported = true
        case .finished(let reason):
            completion.finishReason = reason
            finished = true
        case .toolCall(let delta):
            calls.add(delta)
            completion.toolCalls = calls.toolCalls
        case .retrying: break
        }
    }
}
