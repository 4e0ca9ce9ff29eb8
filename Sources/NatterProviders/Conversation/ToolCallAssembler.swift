/// Puts a stream's tool-call pieces together: OpenAI sends a call's id and name once and its arguments in
/// fragments, all keyed by the call's index; Anthropic does the same per content block; Ollama sends calls whole.
public struct ToolCallAssembler: Sendable, Hashable {
    private var calls: [Int: ToolCall] = [:]
    private var order: [Int] = []

    public init() {}

    public mutating func add(_ delta: ToolCallDelta) {
        if calls[delta.index] == nil {
            order.append(delta.index)
            calls[delta.index] = ToolCall(id: "", name: "", arguments: "")
        }
        if let id = delta.id, !id.isEmpty { calls[delta.index]!.id = id }
        if let name = delta.name, !name.isEmpty { calls[delta.index]!.name += name }
        calls[delta.index]!.arguments += delta.argumentsFragment
    }

    /// The calls in the order they began; one the stream gave no id gets one from its position.
    public var toolCalls: [ToolCall] {
        order.enumerated().map { position, index in
            var call = calls[index]!
            if call.id.isEmpty { call.id = "call_\(position)" }
            return call
        }
    }

    public var isEmpty: Bool { order.isEmpty }
}
