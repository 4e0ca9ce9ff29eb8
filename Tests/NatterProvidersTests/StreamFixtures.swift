import Foundation
import NatterProviders
import NatterTestSupport

/// Builds server replies in each engine's wire format, and runs a provider against them.
enum StreamFixtures {
    static func openAI(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\(jsonString($0))},\"finish_reason\":null}]}\n\n" }
            + (done ? ["data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"] : [])
    }

    static func anthropic(_ tokens: [String], stop: Bool = true) -> [String] {
        ["event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n"]
            + tokens.map {
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(jsonString($0))}}\n\n"
            }
            + (stop
                ? ["event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":\(tokens.count)}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"]
                : [])
    }

    static func ollama(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { "{\"message\":{\"role\":\"assistant\",\"content\":\(jsonString($0))},\"done\":false}\n" }
            + (done ? ["{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":\(tokens.count)}\n"] : [])
    }

    static func stream(_ engine: Engine, _ tokens: [String], complete: Bool = true) -> [String] {
        switch engine {
        case .openai: return openAI(tokens, done: complete)
        case .anthropic: return anthropic(tokens, stop: complete)
        case .ollama: return ollama(tokens, done: complete)
        }
    }

    static func contentType(_ engine: Engine) -> String {
        engine == .ollama ? "application/x-ndjson" : "text/event-stream"
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// A definition pointing at the server, with retries fast enough for a test.
    static func definition(
        _ engine: Engine, server: LoopbackServer, auth: ProviderDefinition.Auth = .none, timeout: Double = 10,
        retries: Int = 3
    ) -> ProviderDefinition {
        definition(engine, host: server.url, auth: auth, timeout: timeout, retries: retries)
    }

    static func definition(
        _ engine: Engine, host: String, auth: ProviderDefinition.Auth = .none, timeout: Double = 10, retries: Int = 3
    ) -> ProviderDefinition {
        ProviderDefinition(
            name: "test-\(engine.rawValue)", engine: engine, host: host, models: [ModelInfo(name: "m-1")],
            auth: auth, timeoutSeconds: timeout,
            retry: RetryPolicy(maxRetries: retries, initialDelay: .milliseconds(20), maxDelay: .milliseconds(2000)))
    }

    /// Everything a stream yielded, and the error it ended with, if any.
    struct Outcome {
        var chunks: [StreamChunkSummary]
        var error: ProviderError?
        var text: String {
            chunks.compactMap {
                if case .text(let text) = $0 { return text }
                return nil
            }.joined()
        }
        var retries: Int { chunks.filter { if case .retrying = $0 { return true } else { return false } }.count }
    }

    static func run(_ provider: any Provider, _ messages: [Message] = [.user("Hi")], model: String = "m-1") async -> Outcome {
        var chunks: [StreamChunkSummary] = []
        do {
            for try await chunk in provider.stream(messages, config: ModelConfig(model: model)) {
                chunks.append(StreamChunkSummary(chunk))
            }
            return Outcome(chunks: chunks, error: nil)
        } catch {
            return Outcome(chunks: chunks, error: error as? ProviderError ?? ProviderError(.network, "\(error)"))
        }
    }
}
