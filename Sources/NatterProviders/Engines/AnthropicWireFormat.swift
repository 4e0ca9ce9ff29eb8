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
        let system: System?
        let messages: [WireMessage]
        struct Thinking: Encodable {
            var type = "enabled"
            let budget_tokens: Int
        }
        let max_tokens: Int
        let stream: Bool
        let temperature: Double?
        let top_p: Double?
        let thinking: Thinking?
        let tools: [Tool]?
    }

    /// The thinking budget asked for, if any: an effort becomes tokens.
    static func thinkingBudget(_ reasoning: ModelParameters.Reasoning?) -> Int? {
        switch reasoning {
        case .budget(let budget)?: return budget
        case .effort(let effort)?: return ModelParameters.budget(for: effort)
        case .off?, nil: return nil
        }
    }

    struct Tool: Encodable {
        let name: String
        let description: String
        let input_schema: JSONValue
        var cache_control: CacheControl? = nil
    }

    /// A cache breakpoint (SPEC 11): the prompt up to here is cached, and read back at a tenth of the input price
    /// by the next request that starts the same way.
    struct CacheControl: Encodable, Equatable {
        var type = "ephemeral"
        var ttl: String?

        init?(_ setting: PromptCache) {
            switch setting {
            case .off: return nil
            case .fiveMinutes: ttl = nil
            case .oneHour: ttl = "1h"
            }
        }
    }

    /// The system prompt: a plain string, or one text block carrying a cache breakpoint.
    enum System: Encodable {
        case text(String)
        case cached(String, CacheControl)

        private enum Key: String, CodingKey { case type, text, cache_control }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .cached(let text, let control):
                var list = encoder.unkeyedContainer()
                var block = list.nestedContainer(keyedBy: Key.self)
                try block.encode("text", forKey: .type)
                try block.encode(text, forKey: .text)
                try block.encode(control, forKey: .cache_control)
            }
        }
    }

    /// A content block as the messages API takes it.
    enum Block: Encodable, Equatable {
        case text(String)
        case image(MessageContent.Image)
        case toolUse(id: String, name: String, input: JSONValue)
        case toolResult(callID: String, content: String, isError: Bool)

        private enum Key: String, CodingKey { case type, text, id, name, input, tool_use_id, content, is_error, source, media_type, data }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .image(let image):
                try container.encode("image", forKey: .type)
                var source = container.nestedContainer(keyedBy: Key.self, forKey: .source)
                try source.encode("base64", forKey: .type)
                try source.encode(image.mediaType, forKey: .media_type)
                try source.encode(image.placeholder, forKey: .data)
            case .toolUse(let id, let name, let input):
                try container.encode("tool_use", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(input, forKey: .input)
            case .toolResult(let callID, let content, let isError):
                try container.encode("tool_result", forKey: .type)
                try container.encode(callID, forKey: .tool_use_id)
                try container.encode(content, forKey: .content)
                if isError { try container.encode(true, forKey: .is_error) }
            }
        }
    }

    /// A message's content: a plain string when it is only text (as it always was), else blocks.
    struct WireMessage: Encodable, Equatable {
        let role: String
        var blocks: [Block]
        /// A cache breakpoint on the message's last block.
        var cacheControl: CacheControl? = nil

        private enum Key: String, CodingKey { case role, content }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(role, forKey: .role)
            if let cacheControl, !blocks.isEmpty {
                var list = container.nestedUnkeyedContainer(forKey: .content)
                for block in blocks.dropLast() { try list.encode(block) }
                try list.encode(MarkedBlock(block: blocks[blocks.count - 1], cacheControl: cacheControl))
            } else if blocks.count == 1, case .text(let text) = blocks[0] {
                try container.encode(text, forKey: .content)
            } else {
                try container.encode(blocks, forKey: .content)
            }
        }
    }

    /// A block with a cache breakpoint: the block's own fields and `cache_control` beside them.
    private struct MarkedBlock: Encodable {
        let block: Block
        let cacheControl: CacheControl

        private enum Key: String, CodingKey { case cache_control }

        func encode(to encoder: any Encoder) throws {
            try block.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(cacheControl, forKey: .cache_control)
        }
    }

    /// The smallest thinking budget the API takes.
    static let smallestThinkingBudget = 1024

    /// What the API would refuse, said before anything is sent instead of being changed behind the person's back.
    static func checkThinking(budget: Int?, maxTokens: Int?) throws(ProviderError) {
        guard let budget else { return }
        if budget < smallestThinkingBudget {
            throw ProviderError(.rejected, "a thinking budget of \(budget) tokens is below the \(smallestThinkingBudget) that Anthropic's API takes: set reasoning to \(smallestThinkingBudget) or more")
        }
        if let maxTokens, maxTokens <= budget {
            throw ProviderError(.rejected, "max_tokens \(maxTokens) is not above the thinking budget of \(budget) tokens, which Anthropic's API requires: raise max_tokens or lower reasoning")
        }
    }

    func requestBody(_ request: ChatRequest, streaming: Bool, options: WireOptions) throws -> Data {
        let config = request.config
        // The API takes the system prompt as a field, not as a message.
        let systemParts = [config.systemPrompt].compactMap { $0 } + request.messages.filter { $0.role == .system }.map(\.text)
        let inline = InlineBytes()
        let budget = Self.thinkingBudget(config.parameters.reasoning)
        try Self.checkThinking(budget: budget, maxTokens: config.maxTokens)
        // Cache breakpoints (at most four): the system prompt, the tools, and the last two turns of the person,
        // so that the next request, which starts with all of this, reads it back from the cache.
        let control = CacheControl(options.promptCache)
        let systemText = systemParts.isEmpty ? nil : systemParts.joined(separator: "\n\n")
        var messages = Self.wire(request.messages, attachmentData: request.attachmentData, inline: inline)
        var tools = request.tools.map { Tool(name: $0.name, description: $0.description, input_schema: $0.inputSchema) }
        if let control {
            if !tools.isEmpty { tools[tools.count - 1].cache_control = control }
            for index in messages.indices.filter({ messages[$0].role == "user" }).suffix(2) { messages[index].cacheControl = control }
        }
        let body = Request(
            model: config.model, system: systemText.map { text in control.map { .cached(text, $0) } ?? .text(text) },
            messages: messages,
            // The API wants max_tokens above the thinking budget. A value the person set goes as set (checked
            // above); natter's own default leaves the reply 1,024 tokens beyond the budget.
            max_tokens: config.maxTokens ?? max(Self.defaultMaxTokens, budget.map { $0 + 1024 } ?? 0), stream: streaming,
            temperature: config.temperature, top_p: config.parameters.topP,
            thinking: budget.map { Request.Thinking(budget_tokens: $0) },
            tools: tools.isEmpty ? nil : tools)
        return inline.fill(try WireEncoding.adding(config.parameters.extra, to: try WireEncoding.encode(body)))
    }

    /// The conversation as alternating user and assistant messages: tool results go in a user message, and
    /// two messages of one role in a row become one (the API refuses them otherwise). Reasoning is not sent
    /// back: a thinking block is accepted only with the signature Anthropic gave it, which is not kept.
    /// A person's images go before their text, as Anthropic's guide advises.
    static func wire(_ messages: [Message], attachmentData: [String: Data], inline: InlineBytes) -> [WireMessage] {
        var wire: [WireMessage] = []
        for message in messages where message.role != .system {
            var blocks: [Block] = []
            if message.role == .user {
                let content = MessageContent(message, attachmentData: attachmentData, inline: inline)
                blocks += content.images.map(Block.image)
                if !content.text.isEmpty || content.images.isEmpty { blocks.append(.text(content.text)) }
            } else if !message.text.isEmpty {
                blocks.append(.text(message.text))
            }
            for call in message.toolCalls { blocks.append(.toolUse(id: call.id, name: call.name, input: WireEncoding.argumentsObject(call.arguments))) }
            for result in message.toolResults { blocks.append(.toolResult(callID: result.callID, content: result.content, isError: result.isError)) }
            guard !blocks.isEmpty else { continue }
            let role = message.role == .assistant ? "assistant" : "user"
            if wire.last?.role == role {
                wire[wire.count - 1].blocks += blocks
            } else {
                wire.append(WireMessage(role: role, blocks: blocks))
            }
        }
        return wire
    }

    func makeDecoder() -> any FrameDecoder { SSEDecoder() }
    func makeInterpreter() -> any StreamInterpreter { AnthropicStreamInterpreter() }

    struct UsageBody: Decodable, Equatable {
        let input_tokens: ReportedCount?
        let output_tokens: ReportedCount?
        let cache_read_input_tokens: ReportedCount?
        let cache_creation_input_tokens: ReportedCount?

        /// Anthropic counts cached tokens apart from `input_tokens`: natter's input is all three, so the meter
        /// and prices see what the request carried.
        var usage: Usage {
            let read = cache_read_input_tokens?.value
            let written = cache_creation_input_tokens?.value
            let input = input_tokens?.value.map { ExternalNumber.sum($0, read ?? 0, written ?? 0) }
            return Usage(inputTokens: input, outputTokens: output_tokens?.value, cacheReadTokens: read, cacheWriteTokens: written)
        }
    }

    struct ContentBlock: Decodable, Equatable {
        let type: String
        let text: String?
        let thinking: String?
        let id: String?
        let name: String?
        let input: JSONValue?
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
            toolCalls: blocks.filter { $0.type == "tool_use" }.enumerated().map { position, block in
                ToolCall(id: block.id ?? "toolu_\(position)", name: block.name ?? "", arguments: WireEncoding.argumentsText(block.input))
            },
            usage: reply.usage?.usage ?? Usage(),
            finishReason: Self.finishReason(reply.stop_reason))
    }

    /// `data[].id` and `display_name`. Vision only where the list says so (`capabilities`, as LiteLLM and
    /// newer API versions give it): a server speaking this API need not be Claude, and natter never guesses
    /// that a model reads images.
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo] {
        let entries = try ModelListJSON.entries(body, under: "data")
        return try ModelListJSON.models(entries, body: body) { entry in
            guard let id = entry["id"]?.stringValue else { return nil }
            let capabilities = entry["capabilities"]
            let vision = capabilities?["image_input"]?["supported"]?.boolValue ?? capabilities?["vision"]?.boolValue ?? false
            return ModelInfo(name: id, displayName: entry["display_name"]?.stringValue, supportsVision: vision)
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
