import Foundation

/// OpenAI chat completions, which most hosted and local servers speak: SSE `data:` lines ending in `[DONE]`.
struct OpenAIWireFormat: WireFormat {
    var engine: Engine { .openai }

    func requiredHeaders(streaming: Bool) -> [(String, String)] {
        streaming ? [("Accept", "text/event-stream")] : [("Accept", "application/json")]
    }

    private struct Request: Encodable {
        struct StreamOptions: Encodable { let include_usage: Bool }
        let model: String
        let messages: [WireMessage]
        let stream: Bool
        let stream_options: StreamOptions?
        let max_tokens: Int?
        let max_completion_tokens: Int?
        let temperature: Double?
        let top_p: Double?
        let seed: Int?
        let reasoning_effort: String?
        let tools: [FunctionTool]?
    }

    /// OpenAI's reasoning models refuse `max_tokens` and take `max_completion_tokens`.
    static func countsCompletionTokens(_ model: String) -> Bool {
        let name = model.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return ["o1", "o3", "o4", "gpt-5"].contains { name == $0 || name.hasPrefix($0 + "-") || name.hasPrefix($0 + ".") }
    }

    static func effort(_ reasoning: ModelParameters.Reasoning?) -> String? {
        switch reasoning {
        case .effort(let effort)?: return effort.rawValue
        case .budget(let budget)?: return ModelParameters.effort(for: budget).rawValue
        case .off?, nil: return nil
        }
    }

    struct WireMessage: Encodable, Equatable {
        struct Call: Encodable, Equatable {
            struct Function: Encodable, Equatable {
                let name: String
                let arguments: String
            }
            let id: String
            let type = "function"
            let function: Function
        }
        let role: String
        let content: Content?
        var tool_calls: [Call]? = nil
        var tool_call_id: String? = nil
    }

    /// A message's content: a string, or, for a person's message with images, text and `image_url` parts.
    enum Content: Encodable, Equatable {
        case text(String)
        case parts(text: String, images: [MessageContent.Image])

        private enum Key: String, CodingKey { case type, text, image_url, url }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .parts(let text, let images):
                var list = encoder.unkeyedContainer()
                if !text.isEmpty {
                    var part = list.nestedContainer(keyedBy: Key.self)
                    try part.encode("text", forKey: .type)
                    try part.encode(text, forKey: .text)
                }
                for image in images {
                    var part = list.nestedContainer(keyedBy: Key.self)
                    try part.encode("image_url", forKey: .type)
                    var url = part.nestedContainer(keyedBy: Key.self, forKey: .image_url)
                    try url.encode("data:\(image.mediaType);base64,\(image.placeholder)", forKey: .url)
                }
            }
        }
    }

    func requestBody(_ request: ChatRequest, streaming: Bool, options: WireOptions) throws -> Data {
        let config = request.config
        let system = config.systemPrompt.map { [WireMessage(role: "system", content: .text($0))] } ?? []
        let inline = InlineBytes()
        let body = Request(
            model: config.model,
            messages: system + request.messages.flatMap { Self.wire($0, attachmentData: request.attachmentData, inline: inline) },
            stream: streaming, stream_options: streaming && options.includeStreamUsage ? .init(include_usage: true) : nil,
            max_tokens: Self.countsCompletionTokens(config.model) ? nil : config.maxTokens,
            max_completion_tokens: Self.countsCompletionTokens(config.model) ? config.maxTokens : nil,
            temperature: config.temperature, top_p: config.parameters.topP, seed: config.parameters.seed,
            reasoning_effort: Self.effort(config.parameters.reasoning),
            tools: request.tools.isEmpty ? nil : request.tools.map(FunctionTool.init))
        return inline.fill(try WireEncoding.adding(config.parameters.extra, to: try WireEncoding.encode(body)))
    }

    /// One message in chat-completions form. Reasoning is not sent back: the API has no field for it, and
    /// DeepSeek refuses a request that carries `reasoning_content`. Each tool result is a `tool` message.
    static func wire(_ message: Message, attachmentData: [String: Data], inline: InlineBytes) -> [WireMessage] {
        switch message.role {
        case .system: return [WireMessage(role: "system", content: .text(message.text))]
        case .user:
            let content = MessageContent(message, attachmentData: attachmentData, inline: inline)
            return [WireMessage(role: "user", content: content.images.isEmpty ? .text(content.text) : .parts(text: content.text, images: content.images))]
        case .assistant:
            let calls = message.toolCalls.map { WireMessage.Call(id: $0.id, function: .init(name: $0.name, arguments: $0.arguments)) }
            let text = message.text
            return [WireMessage(role: "assistant", content: text.isEmpty && !calls.isEmpty ? nil : .text(text), tool_calls: calls.isEmpty ? nil : calls)]
        case .tool:
            return message.toolResults.map { WireMessage(role: "tool", content: .text($0.content), tool_call_id: $0.callID) }
        }
    }

    func makeDecoder() -> any FrameDecoder { SSEDecoder() }
    func makeInterpreter() -> any StreamInterpreter { OpenAIStreamInterpreter() }

    struct Chunk: Decodable, Equatable {
        struct Choice: Decodable, Equatable {
            let delta: Delta?
            let message: Delta?
            let finish_reason: String?
        }
        struct Delta: Decodable, Equatable {
            let content: String?
            /// DeepSeek, vLLM and others; OpenRouter and Ollama's compatibility layer say `reasoning`.
            let reasoning_content: String?
            let reasoning: String?
            let tool_calls: [ToolCall]?
        }
        struct ToolCall: Decodable, Equatable {
            struct Function: Decodable, Equatable {
                let name: String?
                let arguments: String?
            }
            let index: Int?
            let id: String?
            let function: Function?
        }
        struct UsageBody: Decodable, Equatable {
            struct PromptDetails: Decodable, Equatable {
                let cached_tokens: ReportedCount?
            }
            let prompt_tokens: ReportedCount?
            let completion_tokens: ReportedCount?
            /// OpenAI's (and most compatible servers') count of the prompt read from its cache.
            let prompt_tokens_details: PromptDetails?
            /// DeepSeek's: hit and miss add up to the prompt.
            let prompt_cache_hit_tokens: ReportedCount?
            /// Gemini's, through its OpenAI-compatible endpoint.
            let cached_content_token_count: ReportedCount?

            /// The prompt count includes the cached tokens on these servers (unlike Anthropic's).
            var usage: Usage {
                let cached = prompt_tokens_details?.cached_tokens?.value ?? prompt_cache_hit_tokens?.value ?? cached_content_token_count?.value
                return Usage(inputTokens: prompt_tokens?.value, outputTokens: completion_tokens?.value, cacheReadTokens: cached)
            }
        }
        let choices: [Choice]?
        let usage: UsageBody?
        let error: APIErrorBody?
    }

    func parseCompletion(_ body: Data) throws(ProviderError) -> Completion {
        let reply = try decodeBody(Chunk.self, from: body)
        if let error = reply.error { throw error.providerError() }
        guard let choice = reply.choices?.first, let message = choice.message ?? choice.delta else {
            throw ProviderError(.malformedResponse, "the reply has no choices")
        }
        let calls = (message.tool_calls ?? []).enumerated().map { position, call in
            ToolCall(id: call.id ?? "call_\(position)", name: call.function?.name ?? "", arguments: call.function?.arguments ?? "")
        }
        return Completion(
            text: message.content ?? "",
            reasoning: message.reasoning_content ?? message.reasoning ?? "",
            toolCalls: calls,
            usage: reply.usage?.usage ?? Usage(),
            finishReason: Self.finishReason(choice.finish_reason) ?? .stop)
    }

    /// `data[].id`, with whatever else the server says about each model under the names the common servers
    /// use: `context_window` (Groq), `context_length` (Together, OpenRouter, Moonshot), `max_context_length`
    /// and `capabilities` (Mistral), `display_name` (Together), `pricing` in dollars per token (OpenRouter).
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo] {
        let entries = try ModelListJSON.entries(body, under: "data")
        return try ModelListJSON.models(entries, body: body, skip: Self.isNotForChat) { entry in
            guard let id = entry["id"]?.stringValue else { return nil }
            let capabilities = entry["capabilities"]
            return ModelInfo(
                name: id, displayName: entry["display_name"]?.stringValue,
                // vLLM says the window it serves as `max_model_len`; llama.cpp's server its slot's as `meta.n_ctx`.
                contextWindow: entry["context_window"]?.countValue ?? entry["context_length"]?.countValue
                    ?? entry["max_context_length"]?.countValue ?? entry["max_model_len"]?.countValue ?? entry["meta"]?["n_ctx"]?.countValue,
                supportsTools: capabilities?["function_calling"]?.boolValue ?? true,
                supportsVision: capabilities?["vision"]?.boolValue ?? false,
                cost: Self.perTokenPricing(entry["pricing"]))
        }
    }

    /// OpenRouter's `pricing: {"prompt": "0.000003", "completion": "0.000015"}`: dollars per token, as strings.
    static func perTokenPricing(_ pricing: JSONValue?) -> ModelCost? {
        func price(_ key: String) -> Double? {
            switch pricing?[key] {
            case .string(let text)?: return Double(text)
            case .number(let number)?: return number
            default: return nil
            }
        }
        guard let input = price("prompt"), let output = price("completion") else { return nil }
        return ModelCost(input: input * 1_000_000, output: output * 1_000_000)
    }

    /// Together lists embedding, image, audio and rerank models beside the chat ones and says which is which
    /// in `type`; OpenAI and most others say it only in the name (`text-embedding-3-small`, `gpt-image-1`,
    /// `whisper-1`, `tts-1`, `omni-moderation-latest`). None of them can answer a chat, so the picker does not
    /// offer them.
    static func isNotForChat(_ entry: JSONValue) -> Bool {
        if let type = entry["type"]?.stringValue?.lowercased(),
            ["embedding", "image", "audio", "rerank", "moderation", "transcribe"].contains(type)
        {
            return true
        }
        guard let id = entry["id"]?.stringValue?.lowercased() else { return false }
        let words = id.split { !$0.isLetter && !$0.isNumber }
        let nonChatWords: Set<Substring> = ["embedding", "embed", "embeddings", "moderation", "whisper", "tts", "dall", "image", "transcribe", "rerank", "sora"]
        if words.contains(where: nonChatWords.contains) { return true }
        // The completion-only base models OpenAI still lists.
        return ["davinci-002", "babbage-002"].contains(id)
    }

    static func finishReason(_ raw: String?) -> FinishReason? {
        switch raw {
        case nil: return nil
        case "length": return .length
        case "tool_calls", "function_call": return .toolCalls
        case "content_filter": return .contentFilter
        default: return .stop
        }
    }
}

struct OpenAIStreamInterpreter: StreamInterpreter {
    private var finishReason: FinishReason?
    private var sawDone = false

    mutating func interpret(_ frame: WireFrame) throws(ProviderError) -> [StreamChunk] {
        if frame.data == "[DONE]" {
            sawDone = true
            return [.finished(finishReason ?? .stop)]
        }
        // Nearly every chunk is a plain delta, which the scanner reads without Codable; the rest are decoded.
        let chunk: OpenAIWireFormat.Chunk
        if let scanned = OpenAIWireFormat.Chunk.scanned(frame.data) {
            chunk = scanned
        } else {
            chunk = try decodeFrame(OpenAIWireFormat.Chunk.self, from: frame.data)
        }
        if let error = chunk.error { throw error.providerError() }
        var out: [StreamChunk] = []
        for choice in chunk.choices ?? [] {
            if let delta = choice.delta {
                if let reasoning = delta.reasoning_content ?? delta.reasoning, !reasoning.isEmpty {
                    out.append(.reasoning(reasoning))
                }
                if let text = delta.content, !text.isEmpty { out.append(.text(text)) }
                for (position, call) in (delta.tool_calls ?? []).enumerated() {
                    out.append(
                        .toolCall(
                            ToolCallDelta(
                                index: call.index ?? position, id: call.id, name: call.function?.name,
                                argumentsFragment: call.function?.arguments ?? "")))
                }
            }
            if let reason = OpenAIWireFormat.finishReason(choice.finish_reason) { finishReason = reason }
        }
        if let usage = chunk.usage {
            out.append(.usage(usage.usage))
        }
        return out
    }

    func finish() throws(ProviderError) {
        guard sawDone else {
            throw ProviderError(.interrupted, "the stream ended without [DONE]; the reply is incomplete")
        }
    }
}
