import Foundation

/// Ollama's native `/api/chat`: one JSON object per line, the last with `"done": true` and the counts.
struct OllamaWireFormat: WireFormat {
    var engine: Engine { .ollama }

    func requiredHeaders(streaming: Bool) -> [(String, String)] {
        [("Accept", streaming ? "application/x-ndjson" : "application/json")]
    }

    private struct Request: Encodable {
        struct Options: Encodable {
            let temperature: Double?
            let top_p: Double?
            let num_predict: Int?
            let seed: Int?
        }
        /// `true`, `false`, or an effort (`"high"`), as Ollama's thinking models take it.
        enum Think: Encodable {
            case on(Bool)
            case effort(String)

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .on(let on): try container.encode(on)
                case .effort(let effort): try container.encode(effort)
                }
            }
        }
        let model: String
        let messages: [WireMessage]
        let stream: Bool
        let options: Options?
        let think: Think?
        let tools: [FunctionTool]?
    }

    private static func think(_ reasoning: ModelParameters.Reasoning?) -> Request.Think? {
        switch reasoning {
        case .effort(let effort)?: return effort == .minimal ? .on(true) : .effort(effort.rawValue)
        case .budget?: return .on(true)
        case .off?: return .on(false)
        case nil: return nil
        }
    }

    struct WireMessage: Encodable, Equatable {
        struct Call: Encodable, Equatable {
            struct Function: Encodable, Equatable {
                let name: String
                let arguments: JSONValue
            }
            let function: Function
        }
        let role: String
        let content: String
        /// A person's images, base64 (placeholders until `InlineBytes` fills them).
        var images: [String]? = nil
        var thinking: String? = nil
        var tool_calls: [Call]? = nil
        var tool_name: String? = nil
    }

    func requestBody(_ request: ChatRequest, streaming: Bool, options: WireOptions) throws -> Data {
        let config = request.config
        let system = config.systemPrompt.map { [WireMessage(role: "system", content: $0)] } ?? []
        let parameters = config.parameters
        let tuning =
            parameters.temperature == nil && parameters.topP == nil && parameters.maxTokens == nil && parameters.seed == nil
                && parameters.extra.isEmpty
            ? nil
            : Request.Options(temperature: parameters.temperature, top_p: parameters.topP, num_predict: parameters.maxTokens, seed: parameters.seed)
        let names = WireEncoding.toolNames(in: request.messages)
        let inline = InlineBytes()
        let messages = request.messages.flatMap { Self.wire($0, toolNames: names, attachmentData: request.attachmentData, inline: inline) }
        let body = Request(
            model: config.model, messages: system + messages, stream: streaming, options: tuning, think: Self.think(parameters.reasoning),
            tools: request.tools.isEmpty ? nil : request.tools.map(FunctionTool.init))
        // A provider's own options (`num_ctx`) go where Ollama reads them; without one, a context large enough.
        var extra = parameters.extra
        if extra["num_ctx"] == nil, let size = Self.contextSize(for: request.contextNeed) { extra["num_ctx"] = .number(Double(size)) }
        return inline.fill(try WireEncoding.adding(extra, to: try WireEncoding.encode(body), under: "options"))
    }

    /// `num_ctx` for a request of this size (SPEC 15): Ollama runs a model with a context of its own choosing
    /// (2,048 tokens in older versions, 4,096 on a small GPU) and cuts a longer prompt's start without a word.
    /// A request that fits the oldest default asks nothing (the server's own may be larger, and asking less
    /// would reload the model smaller); a larger one asks a power of two from 4,096 up (a few more tokens do
    /// not reload the model each time), never past the model's window.
    static func contextSize(for need: ChatRequest.ContextNeed?) -> Int? {
        guard let need, need.tokens > 2048 else { return nil }
        var size = 4096
        while size < need.tokens, size < 1 << 30 { size *= 2 }
        if let window = need.window, window > 0 { size = min(size, window) }
        return size
    }

    /// One message in `/api/chat` form. Ollama takes a reply's reasoning back as `thinking`, arguments as an
    /// object, and each tool result as a `tool` message naming its tool.
    static func wire(_ message: Message, toolNames: [String: String], attachmentData: [String: Data], inline: InlineBytes) -> [WireMessage] {
        switch message.role {
        case .system: return [WireMessage(role: "system", content: message.text)]
        case .user:
            let content = MessageContent(message, attachmentData: attachmentData, inline: inline)
            return [WireMessage(role: "user", content: content.text, images: content.images.isEmpty ? nil : content.images.map(\.placeholder))]
        case .assistant:
            let calls = message.toolCalls.map { WireMessage.Call(function: .init(name: $0.name, arguments: WireEncoding.argumentsObject($0.arguments))) }
            let reasoning = message.reasoning
            return [
                WireMessage(
                    role: "assistant", content: message.text, thinking: reasoning.isEmpty ? nil : reasoning,
                    tool_calls: calls.isEmpty ? nil : calls)
            ]
        case .tool:
            return message.toolResults.map { WireMessage(role: "tool", content: $0.content, tool_name: toolNames[$0.callID]) }
        }
    }

    func makeDecoder() -> any FrameDecoder { NDJSONDecoder() }
    func makeInterpreter() -> any StreamInterpreter { OllamaStreamInterpreter() }

    struct Line: Decodable, Equatable {
        struct Message: Decodable, Equatable {
            struct Call: Decodable, Equatable {
                struct Function: Decodable, Equatable {
                    let name: String?
                    let arguments: JSONValue?
                }
                let function: Function?
            }
            let content: String?
            let thinking: String?
            let tool_calls: [Call]?
        }
        let message: Message?
        let done: Bool?
        let done_reason: String?
        let prompt_eval_count: ReportedCount?
        let eval_count: ReportedCount?
        let error: String?

        var usage: Usage { Usage(inputTokens: prompt_eval_count?.value, outputTokens: eval_count?.value) }
        var finishReason: FinishReason { done_reason == "length" ? .length : .stop }

        /// Ollama sends each call whole, without an id: ids are made from the position, as the request
        /// side does not need them (results name the tool).
        func toolCalls(startingAt first: Int) -> [ToolCall] {
            (message?.tool_calls ?? []).enumerated().map { position, call in
                ToolCall(
                    id: "call_\(first + position)", name: call.function?.name ?? "",
                    arguments: WireEncoding.argumentsText(call.function?.arguments))
            }
        }
    }

    func parseCompletion(_ body: Data) throws(ProviderError) -> Completion {
        let reply = try decodeBody(Line.self, from: body)
        if let error = reply.error { throw Self.error(error) }
        let calls = reply.toolCalls(startingAt: 0)
        return Completion(
            text: reply.message?.content ?? "", reasoning: reply.message?.thinking ?? "", toolCalls: calls, usage: reply.usage,
            finishReason: calls.isEmpty ? reply.finishReason : .toolCalls)
    }

    /// `/api/tags`: `models[].name` (older servers only said `model`).
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo] {
        let entries = try ModelListJSON.entries(body, under: "models")
        return try ModelListJSON.models(entries, body: body) { entry in
            // A recent Ollama says each model's own maximum in the list; an older one only in `/api/show`.
            (entry["name"]?.stringValue ?? entry["model"]?.stringValue).map { ModelInfo(name: $0, contextWindow: entry["details"]?["context_length"]?.countValue) }
        }
    }

    static func error(_ message: String) -> ProviderError {
        ProviderError(ErrorClassifier.kind(status: nil, type: nil, code: nil, message: message), message)
    }
}

struct OllamaStreamInterpreter: StreamInterpreter {
    private var sawDone = false
    private var callCount = 0

    mutating func interpret(_ frame: WireFrame) throws(ProviderError) -> [StreamChunk] {
        // Lines are read by the scanner without Codable; one it cannot vouch for is decoded.
        let line: OllamaWireFormat.Line
        if let scanned = OllamaWireFormat.Line.scanned(frame.data) {
            line = scanned
        } else {
            line = try decodeFrame(OllamaWireFormat.Line.self, from: frame.data)
        }
        if let error = line.error { throw OllamaWireFormat.error(error) }
        var out: [StreamChunk] = []
        if let thinking = line.message?.thinking, !thinking.isEmpty { out.append(.reasoning(thinking)) }
        if let text = line.message?.content, !text.isEmpty { out.append(.text(text)) }
        for call in line.toolCalls(startingAt: callCount) {
            out.append(.toolCall(ToolCallDelta(index: callCount, id: call.id, name: call.name, argumentsFragment: call.arguments)))
            callCount += 1
        }
        if line.done == true {
            sawDone = true
            // Ollama says "stop" after a reply of tool calls: the calls are what says it wants them run.
            out += [.usage(line.usage), .finished(callCount > 0 && line.finishReason == .stop ? .toolCalls : line.finishReason)]
        }
        return out
    }

    func finish() throws(ProviderError) {
        guard sawDone else {
            throw ProviderError(.interrupted, "the stream ended before \"done\": true; the reply is incomplete")
        }
    }
}
