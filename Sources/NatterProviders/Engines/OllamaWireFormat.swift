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
            let num_predict: Int?
        }
        let model: String
        let messages: [ChatMessage]
        let stream: Bool
        let options: Options?
    }

    func requestBody(_ messages: [ChatMessage], config: ModelConfig, streaming: Bool, options: WireOptions) throws -> Data {
        let system = config.systemPrompt.map { [ChatMessage.system($0)] } ?? []
        let tuning =
            config.temperature == nil && config.maxTokens == nil
            ? nil : Request.Options(temperature: config.temperature, num_predict: config.maxTokens)
        return try JSONEncoder().encode(
            Request(model: config.model, messages: system + messages, stream: streaming, options: tuning))
    }

    func makeDecoder() -> any FrameDecoder { NDJSONDecoder() }
    func makeInterpreter() -> any StreamInterpreter { OllamaStreamInterpreter() }

    struct Line: Decodable, Equatable {
        struct Message: Decodable, Equatable {
            let content: String?
            let thinking: String?
        }
        let message: Message?
        let done: Bool?
        let done_reason: String?
        let prompt_eval_count: ReportedCount?
        let eval_count: ReportedCount?
        let error: String?

        var usage: Usage { Usage(inputTokens: prompt_eval_count?.value, outputTokens: eval_count?.value) }
        var finishReason: FinishReason { done_reason == "length" ? .length : .stop }
    }

    func parseCompletion(_ body: Data) throws(ProviderError) -> Completion {
        let reply = try decodeBody(Line.self, from: body)
        if let error = reply.error { throw Self.error(error) }
        return Completion(
            text: reply.message?.content ?? "", reasoning: reply.message?.thinking ?? "", usage: reply.usage,
            finishReason: reply.finishReason)
    }

    /// `/api/tags`: `models[].name` (older servers only said `model`).
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo] {
        let entries = try ModelListJSON.entries(body, under: "models")
        return try ModelListJSON.models(entries, body: body) { entry in
            (entry["name"]?.stringValue ?? entry["model"]?.stringValue).map { ModelInfo(name: $0) }
        }
    }

    static func error(_ message: String) -> ProviderError {
        ProviderError(ErrorClassifier.kind(status: nil, type: nil, code: nil, message: message), message)
    }
}

struct OllamaStreamInterpreter: StreamInterpreter {
    private var sawDone = false

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
        if line.done == true {
            sawDone = true
            out += [.usage(line.usage), .finished(line.finishReason)]
        }
        return out
    }

    func finish() throws(ProviderError) {
        guard sawDone else {
            throw ProviderError(.interrupted, "the stream ended before \"done\": true; the reply is incomplete")
        }
    }
}
