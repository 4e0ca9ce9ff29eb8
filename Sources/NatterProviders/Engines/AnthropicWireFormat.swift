import Foundation

/// Anthropic messages: SSE with typed events (`message_start`, `content_block_delta`, …, `message_stop`).
struct AnthropicWireFormat: WireFormat {
    /// The API requires `max_tokens`; every current Claude model accepts this many.
    static let defaultMaxTokens = 8192

    var engine: Engine { .anthropic }

    func requiredHeaders(streaming: Bool) -> [(String, String)] {
        [("anthropic-version", "2023-06-01"), ("Accept", streaming ? "text/event-stream" : "application/json")]
    }

    private struct Request: Encodable {
        let model: String
        let system: String?
        let messages: [ChatMessage]
        let max_tokens: Int
        let stream: Bool
        let temperature: Double?
    }

    func requestBody(_ messages: [ChatMessage], config: ModelConfig, streaming: Bool, options: WireOptions) throws -> Data {
        // The API takes the system prompt as a field, not as a message.
        let systemParts = [config.systemPrompt].compactMap { $0 } + messages.filter { $0.role == .system }.map(\.content)
        let request = Request(
            model: config.model, system: systemParts.isEmpty ? nil : systemParts.joined(separator: "\n\n"),
            messages: messages.filter { $0.role != .system }, max_tokens: config.maxTokens ?? Self.defaultMaxTokens,
            stream: streaming, temperature: config.temperature)
        return try JSONEncoder().encode(request)
    }

    func makeDecoder() -> any FrameDecoder { SSEDecoder() }
    func makeInterpreter() -> any StreamInterpreter { AnthropicStreamInterpreter() }

    struct UsageBody: Decodable, Equatable {
        let input_tokens: ReportedCount?
        let output_tokens: ReportedCount?
        var usage: Usage { Usage(inputTokens: input_tokens?.value, outputTokens: output_tokens?.value) }
    }

    struct ContentBlock: Decodable, Equatable {
        let type: String
        let text: String?
        let thinking: String?
        let id: String?
        let name: String?
    }

    private struct Reply: Decodable {
        let content: [ContentBlock]?
        let stop_reason: String?
        let usage: UsageBody?
        let error: APIErrorBody?
    }

    func parseCompletion(_ body: Data) throws(ProviderError) -> Completion {
        let reply = try decodeBody(Reply.self, from: body)
        if let error = reply.error { throw error.providerError() }
        let blocks = reply.content ?? []
        return Completion(
            text: blocks.filter { $0.type == "text" }.compactMap(\.text).joined(),
            reasoning: blocks.filter { $0.type == "thinking" }.compactMap(\.thinking).joined(),
            usage: reply.usage?.usage ?? Usage(),
            finishReason: Self.finishReason(reply.stop_reason))
    }

    /// `data[].id` and `display_name`. Every Claude model reads images.
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo] {
        let entries = try ModelListJSON.entries(body, under: "data")
        return try ModelListJSON.models(entries, body: body) { entry in
            guard let id = entry["id"]?.stringValue else { return nil }
            return ModelInfo(name: id, displayName: entry["display_name"]?.stringValue, supportsVision: true)
        }
    }

    static func finishReason(_ raw: String?) -> FinishReason {
        switch raw {
        case "max_tokens": return .length
        case "tool_use": return .toolCalls
        case "refusal": return .contentFilter
        default: return .stop
        }
    }
}

struct AnthropicStreamInterpreter: StreamInterpreter {
    struct Event: Decodable, Equatable {
        struct Message: Decodable, Equatable { let usage: AnthropicWireFormat.UsageBody? }
        struct Delta: Decodable, Equatable {
            let type: String?
            let text: String?
            let thinking: String?
            let partial_json: String?
            let stop_reason: String?
        }
        let type: String
        let index: Int?
        let message: Message?
        let content_block: AnthropicWireFormat.ContentBlock?
        let delta: Delta?
        let usage: AnthropicWireFormat.UsageBody?
        let error: APIErrorBody?
    }

    private var usage = Usage()
    private var stopReason: String?
    private var sawStop = false

    mutating func interpret(_ frame: WireFrame) throws(ProviderError) -> [StreamChunk] {
        // Nearly every event is a text or thinking delta, which the scanner reads without Codable.
        let event: Event
        if let scanned = Event.scanned(frame.data) {
            event = scanned
        } else {
            event = try decodeFrame(Event.self, from: frame.data)
        }
        switch event.type {
        case "message_start":
            if let reported = event.message?.usage { usage = usage.updated(with: reported.usage) }
            return []
        case "content_block_start":
            guard let block = event.content_block else { return [] }
            switch block.type {
            case "text": return block.text.flatMap { $0.isEmpty ? nil : [.text($0)] } ?? []
            case "thinking": return block.thinking.flatMap { $0.isEmpty ? nil : [.reasoning($0)] } ?? []
            case "tool_use": return [.toolCall(ToolCallDelta(index: event.index ?? 0, id: block.id, name: block.name))]
            default: return []
            }
        case "content_block_delta":
            guard let delta = event.delta else { return [] }
            switch delta.type {
            case "text_delta": return delta.text.map { [.text($0)] } ?? []
            case "thinking_delta": return delta.thinking.map { [.reasoning($0)] } ?? []
            case "input_json_delta":
                return [.toolCall(ToolCallDelta(index: event.index ?? 0, argumentsFragment: delta.partial_json ?? ""))]
            default: return []  // signature_delta and future kinds carry nothing to show
            }
        case "message_delta":
            if let reason = event.delta?.stop_reason { stopReason = reason }
            if let reported = event.usage { usage = usage.updated(with: reported.usage) }
            return []
        case "message_stop":
            sawStop = true
            return [.usage(usage), .finished(AnthropicWireFormat.finishReason(stopReason))]
        case "error":
            throw (event.error ?? APIErrorBody(message: nil, type: "error", code: nil)).providerError()
        default:
            return []  // ping, content_block_stop, and event types added after this was written
        }
    }

    func finish() throws(ProviderError) {
        guard sawStop else {
            throw ProviderError(.interrupted, "the stream ended without message_stop; the reply is incomplete")
        }
    }
}
