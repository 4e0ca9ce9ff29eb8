import Foundation
import NatterProviders

/// `natter -p`: one question, the answer streamed to standard output, errors to standard error.
struct PipeMode {
    let json: Bool

    private let out = OutputStream.standardOutput
    private let err = OutputStream.standardError

    /// The process exit code: 0 only for a complete reply.
    func run(question: String, system: String?, selection: ProviderSelection, registry: ProviderRegistry) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let provider: any Provider
        let model: String
        do {
            provider = try registry.provider(named: selection.provider)
            model = try await Self.model(for: provider, requested: selection.model)
        } catch {
            report(error)
            return 1
        }
        if json {
            out.write(JSONEvent.start(provider: provider.metadata.name, model: model) + "\n")
        }
        let config = ModelConfig(model: model, systemPrompt: system)
        let printer = Task { await stream(provider.stream([.user(question)], config: config)) }
        let interrupt = InterruptSignal { printer.cancel() }
        defer { interrupt.cancel() }
        return await printer.value
    }

    /// The model named, else the provider's preferred one, else the first it lists (local servers).
    static func model(for provider: any Provider, requested: String?) async throws -> String {
        if let requested { return requested }
        if let preferred = provider.metadata.preferredModel { return preferred }
        if let first = try await provider.listModels().first { return first.name }
        throw ProviderError(
            .configuration, "\(provider.metadata.name) lists no models: pass --model (see `natter models \(provider.metadata.name)`)")
    }

    private func stream(_ chunks: AsyncThrowingStream<StreamChunk, any Error>) async -> Int32 {
        // Model output is untrusted: on a terminal, escape sequences in it must not reach the screen.
        let clean = out.isTerminal ? { TerminalText.sanitized($0) } : { (text: String) in text }
        var endsWithNewline = true
        var wroteText = false
        do {
            for try await chunk in chunks {
                if json {
                    guard out.write(JSONEvent.encode(chunk) + "\n") else { return 1 }
                    if case .retrying(let notice) = chunk { err.write(Self.describe(notice) + "\n") }
                    continue
                }
                switch chunk {
                case .text(let text):
                    guard out.write(clean(text)) else { return 1 }
                    wroteText = true
                    endsWithNewline = text.hasSuffix("\n")
                case .reasoning(let text) where err.isTerminal:
                    err.write("\u{1B}[2m" + TerminalText.sanitized(text) + "\u{1B}[0m")
                case .retrying(let notice):
                    err.write(Self.describe(notice) + "\n")
                default:
                    break
                }
            }
            // A cancelled stream ends its loop quietly rather than throwing: the reply is not complete.
            try Task.checkCancellation()
            if !json && wroteText && !endsWithNewline { out.write("\n") }
            return 0
        } catch is CancellationError {
            if !json && wroteText && !endsWithNewline { out.write("\n") }
            if json { out.write(JSONEvent.cancelled() + "\n") }
            err.write("natter: cancelled\n")
            return 130
        } catch {
            if !json && wroteText && !endsWithNewline { out.write("\n") }
            report(error, partial: wroteText)
            return 1
        }
    }

    private func report(_ error: any Error, partial: Bool = false) {
        let providerError = error as? ProviderError ?? ProviderError(.network, String(describing: error))
        if json { out.write(JSONEvent.error(providerError) + "\n") }
        let note = partial && providerError.isInterruption ? " (the partial reply above is incomplete)" : ""
        err.write("natter: \(providerError)\(note)\n")
    }

    static func describe(_ notice: RetryNotice) -> String {
        "natter: \(notice.reason); retrying in \(String(format: "%.1f", notice.delay.inSeconds)) s (\(notice.attempt)/\(notice.maxRetries))"
    }
}
