import Foundation
import NatterProviders

/// One tiny chat request (a short user message, a few tokens at most) sent the way a conversation would be,
/// streamed, to learn whether the host, the key and the model work together.
enum ConnectionTest {
    enum Outcome: Sendable {
        case ok(model: String, latency: Duration, reply: String)
        case failed(model: String?, ProviderError)
    }

    static let question = "Reply with the single word OK."
    /// Enough for "OK" from any model; small, so the test costs next to nothing.
    static let maxTokens = 16

    /// A provider file's settings made fit for a quick check: no retries (a person is waiting for a verdict,
    /// and a 5xx is one) and at most 30 s of silence.
    static func provider(for definition: ProviderDefinition) -> DeclarativeProvider {
        var quick = definition
        quick.retry.maxRetries = 0
        quick.timeoutSeconds = min(quick.timeoutSeconds, 30)
        return DeclarativeProvider(definition: quick)
    }

    /// `model` nil: the provider's preferred model, else the first it lists.
    static func run(_ provider: any Provider, model requested: String?, timeout: Duration = .seconds(45)) async -> Outcome {
        let model: String
        do {
            model = try await PipeMode.model(for: provider, requested: requested)
        } catch {
            return .failed(model: nil, error as? ProviderError ?? ProviderError(.configuration, "\(error)"))
        }
        let start = ContinuousClock.now
        do {
            let reply = try await withThrowingTaskGroup(of: Completion.self) { group in
                group.addTask {
                    try await Completion.collecting(
                        provider.stream(.question(question, config: ModelConfig(model: model, maxTokens: maxTokens))))
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ProviderError(.network, "no complete reply within \(Int(timeout.inSeconds)) s")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
            return .ok(model: model, latency: ContinuousClock.now - start, reply: reply.text)
        } catch {
            return .failed(model: model, error as? ProviderError ?? ProviderError(.network, "\(error)"))
        }
    }

    /// One line: `OK: model answered in 0.42 s ("OK")`, or the error in its class.
    static func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .ok(let model, let latency, let reply):
            let shown = TerminalText.singleLine(reply, limit: 40)
            let quoted = shown.isEmpty ? "" : " (\"\(shown)\")"
            return "OK: \(TerminalText.singleLine(model, limit: 80)) answered in \(String(format: "%.2f", latency.inSeconds)) s\(quoted)"
        case .failed(_, let error):
            return "FAILED: \(error)"
        }
    }

    static func succeeded(_ outcome: Outcome) -> Bool {
        if case .ok = outcome { return true }
        return false
    }
}
