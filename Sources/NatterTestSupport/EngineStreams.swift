import Foundation
import NatterProviders

/// Server replies in each engine's wire format, token by token, as test servers send them.
public enum EngineStreams {
    public static func openAI(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\(jsonString($0))},\"finish_reason\":null}]}\n\n" }
            + (done ? ["data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"] : [])
    }

    public static func anthropic(_ tokens: [String], stop: Bool = true) -> [String] {
        ["event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n"]
            + tokens.map {
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(jsonString($0))}}\n\n"
            }
            + (stop
                ? ["event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":\(tokens.count)}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"]
                : [])
    }

    public static func ollama(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { "{\"message\":{\"role\":\"assistant\",\"content\":\(jsonString($0))},\"done\":false}\n" }
            + (done ? ["{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":\(tokens.count)}\n"] : [])
    }

    public static func stream(_ engine: Engine, _ tokens: [String], complete: Bool = true) -> [String] {
        switch engine {
        case .openai: return openAI(tokens, done: complete)
        case .anthropic: return anthropic(tokens, stop: complete)
        case .ollama: return ollama(tokens, done: complete)
        }
    }

    public static func contentType(_ engine: Engine) -> String {
        engine == .ollama ? "application/x-ndjson" : "text/event-stream"
    }

    public static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
