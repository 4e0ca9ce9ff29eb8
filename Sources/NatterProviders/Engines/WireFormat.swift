import Foundation

/// What differs between the OpenAI, Anthropic and Ollama APIs; everything else (auth, retry, timeouts,
/// HTTP) is shared by `DeclarativeProvider`.
protocol WireFormat: Sendable {
    var engine: Engine { get }
    /// Headers the API itself requires (Anthropic's version header), before the provider's own.
    func requiredHeaders(streaming: Bool) -> [(String, String)]
    func requestBody(_ request: ChatRequest, streaming: Bool, options: WireOptions) throws -> Data
    func makeDecoder() -> any FrameDecoder
    func makeInterpreter() -> any StreamInterpreter
    func parseCompletion(_ body: Data) throws(ProviderError) -> Completion
    func parseModels(_ body: Data) throws(ProviderError) -> [ModelInfo]
}

/// Per-provider switches that change the request body.
struct WireOptions: Sendable {
    var includeStreamUsage: Bool
    /// Cache breakpoints to mark (Anthropic's engine; the others' servers cache by themselves).
    var promptCache = PromptCache.off
}

/// Reads a stream's frames into chunks, remembering what it needs to know whether the reply finished.
protocol StreamInterpreter {
    mutating func interpret(_ frame: WireFrame) throws(ProviderError) -> [StreamChunk]
    /// Called when the bytes end: throws `.interrupted` unless the finish marker was seen.
    func finish() throws(ProviderError)
}

enum WireFormats {
    static func format(for engine: Engine) -> any WireFormat {
        switch engine {
        case .openai: return OpenAIWireFormat()
        case .anthropic: return AnthropicWireFormat()
        case .ollama: return OllamaWireFormat()
        }
    }
}

/// Decodes one JSON frame, turning a parse failure into the error every engine reports for it.
/// One decoder for every frame: making a JSONDecoder per streamed token showed in the streaming profile, and
/// Foundation's decoder keeps no state between calls (it is Sendable).
private let frameDecoder = JSONDecoder()

func decodeFrame<T: Decodable>(_ type: T.Type, from text: String) throws(ProviderError) -> T {
    do {
        return try frameDecoder.decode(T.self, from: Data(text.utf8))
    } catch {
        throw ProviderError(.malformedResponse, "the provider sent a chunk that is not valid JSON: \(text.prefix(80))")
    }
}

func decodeBody<T: Decodable>(_ type: T.Type, from body: Data) throws(ProviderError) -> T {
    do {
        return try JSONDecoder().decode(T.self, from: body)
    } catch {
        let text = String(decoding: body.prefix(80), as: UTF8.self)
        throw ProviderError(.malformedResponse, "the provider's reply is not the expected JSON: \(text)")
    }
}
