import Foundation
import NatterProviders
import NatterTestSupport

/// Builds server replies in each engine's wire format, and runs a provider against them.
enum StreamFixtures {
    static func openAI(_ tokens: [String], done: Bool = true) -> [String] { EngineStreams.openAI(tokens, done: done) }
    static func anthropic(_ tokens: [String], stop: Bool = true) -> [String] { EngineStreams.anthropic(tokens, stop: stop) }
    static func ollama(_ tokens: [String], done: Bool = true) -> [String] { EngineStreams.ollama(tokens, done: done) }
    static func stream(_ engine: Engine, _ tokens: [String], complete: Bool = true) -> [String] {
        EngineStreams.stream(engine, tokens, complete: complete)
    }
    static func contentType(_ engine: Engine) -> String { EngineStreams.contentType(engine) }
    static func jsonString(_ text: String) -> String { EngineStreams.jsonString(text) }

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
