import Foundation
import NatterProviders

// Quill is an invented text-generation server with an API unlike OpenAI's, Anthropic's or Ollama's, of the
// kind a person may run in-house. What it speaks:
//
//   POST <host>/generate        X-Quill-Key: <key>
//     {"model": "quill-small", "prompt": "…", "max_new_tokens": 256, "temperature": 0.7, "stream": true}
//   200, application/x-ndjson, one object per line:
//     {"piece": "Hel"}                                         text, in order
//     {"done": true, "stop": "end" | "limit", "usage": {"in": 12, "out": 30}}   the last line
//     {"failure": {"kind": "overloaded", "detail": "…"}}       an error part way through
//   any other status: {"failure": {"kind": "bad_key" | "rate" | "too_long" | "overloaded" | …, "detail": "…"}}
//
//   GET <host>/models           X-Quill-Key: <key>
//     {"available": [{"id": "quill-small", "context": 4096}, …]}
//
// It has no chat roles, only a prompt: the conversation is written out as a transcript for it to continue.

/// The request body of `POST /generate`.
struct QuillRequest: Encodable {
    let model: String
    let prompt: String
    let maxNewTokens: Int?
    let temperature: Double?
    let stream = true

    enum CodingKeys: String, CodingKey {
        case model, prompt, temperature, stream
        case maxNewTokens = "max_new_tokens"
    }

    init(_ request: ChatRequest) {
        let config = request.config
        model = config.model
        prompt = Self.prompt(request.messages, system: config.systemPrompt)
        maxNewTokens = config.maxTokens
        temperature = config.temperature
    }

    /// `System: …`, `User: …`, `Assistant: …` paragraphs, ending with an open `Assistant:` for the model.
    /// Quill reads text only: attachments, tool calls and tool results are not part of its prompt.
    static func prompt(_ messages: [Message], system: String?) -> String {
        var turns = system.map { ["System: \($0)"] } ?? []
        for message in messages {
            switch message.role {
            case .system: turns.append("System: \(message.text)")
            case .user: turns.append("User: \(message.text)")
            case .assistant: turns.append("Assistant: \(message.text)")
            case .tool: continue
            }
        }
        turns.append("Assistant:")
        return turns.joined(separator: "\n\n")
    }
}

/// One line of the NDJSON stream; exactly one of its fields is set.
struct QuillLine: Decodable {
    struct Counts: Decodable {
        let `in`: Int?
        let out: Int?
    }

    let piece: String?
    let done: Bool?
    let stop: String?
    let usage: Counts?
    let failure: QuillFailure?
}

/// Quill's error object, in an error response or inside the stream.
struct QuillFailure: Decodable {
    let kind: String?
    let detail: String?

    /// The class a person can act on: Quill's own `kind` when it gives one, else the HTTP status.
    func providerError(status: Int?) -> ProviderError {
        let kind: ProviderError.Kind
        switch self.kind {
        case "bad_key"?: kind = .authentication
        case "rate"?: kind = .rateLimit
        case "too_long"?: kind = .contextLength
        case "overloaded"?: kind = .server
        default: kind = Self.kind(status: status)
        }
        return ProviderError(kind, detail ?? self.kind ?? "Quill reported an error", status: status)
    }

    static func kind(status: Int?) -> ProviderError.Kind {
        switch status {
        case 401?, 403?: return .authentication
        case 429?: return .rateLimit
        case let code? where code >= 500: return .server
        default: return .rejected
        }
    }
}

/// The body of an error response.
struct QuillErrorBody: Decodable {
    let failure: QuillFailure?
}

/// The body of `GET /models`.
struct QuillModelList: Decodable {
    struct Entry: Decodable {
        let id: String
        let context: Int?
    }

    let available: [Entry]
}
