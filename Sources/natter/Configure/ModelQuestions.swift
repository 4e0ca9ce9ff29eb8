import Foundation
import NatterProviders

/// Which models the file lists: picked from what the server says it offers, or typed by name.
struct ModelQuestions {
    let prompter: LinePrompter

    /// `content` is the draft as it would be written now; its provider is asked for its models, exactly as
    /// `natter models` would ask it.
    func models(for content: ProviderFileContent, current: [ModelInfo], listed: [ModelInfo]? = nil) async throws(EndOfInput) -> [ModelInfo] {
        var offered: [ModelInfo] = listed ?? []
        if listed != nil {
            // Already asked (without a key).
        } else if let definition = content.definition, !content.draft.needsSignIn {
            if try prompter.confirm("Discover the models the server offers?", default: true) {
                offered = await discover(definition)
            }
        } else {
            prompter.say("  Model discovery needs a sign-in first (`natter login` once the file is saved): type the names.")
        }
        let currentNames = current.map(\.name).joined(separator: ", ")
        if offered.isEmpty {
            let typed = try prompter.ask("Model names, separated by commas", default: currentNames.isEmpty ? nil : currentNames) { answer in
                ModelSelection.parse(answer, offered: [], known: current).flatMap { models in
                    models.isEmpty ? .failure(AnswerRefusal("at least one model name is needed, since the server listed none")) : .success(models)
                }
            }
            return try withWindows(typed)
        }
        for (index, model) in offered.enumerated() {
            prompter.say("  \(index + 1). \(TerminalText.singleLine(ModelSelection.describe(model), limit: 120))")
        }
        let models = try prompter.ask(
            "Models to list in the file: numbers (1,3-5), names, all or none", default: currentNames.isEmpty ? "all" : currentNames
        ) { ModelSelection.parse($0, offered: offered, known: current) }
        if models.isEmpty { prompter.say("  No models listed: natter will ask the server for them each time.") }
        return try withWindows(models)
    }

    /// A window for each chosen model the server did not size: asked once for all of them (the meter, the
    /// over-window check and compaction go by it); empty leaves it unknown.
    private func withWindows(_ models: [ModelInfo]) throws(EndOfInput) -> [ModelInfo] {
        let unsized = models.filter { $0.contextWindow == nil }
        guard !unsized.isEmpty else { return models }
        let names = unsized.prefix(3).map(\.name).joined(separator: ", ") + (unsized.count > 3 ? ", …" : "")
        let window: Int? = try prompter.ask(
            "Context window of \(TerminalText.singleLine(names, limit: 120)) in tokens (empty: not known)", default: "") { answer in
            let trimmed = answer.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .success(nil) }
            guard let tokens = Int(trimmed.replacingOccurrences(of: ",", with: "")), tokens > 0, tokens < 100_000_000 else {
                return .failure(AnswerRefusal("a positive whole number of tokens, or empty"))
            }
            return .success(tokens)
        }
        guard let window else { return models }
        return models.map { model in
            guard model.contextWindow == nil else { return model }
            var sized = model
            sized.contextWindow = window
            return sized
        }
    }

    /// The models a server on this machine lists when asked without a key, or nil when it does not (it needs
    /// one, or is not there), and for any server elsewhere, which is not asked.
    func listedWithoutKey(_ draft: ProviderDraft, path: String) async -> [ModelInfo]? {
        guard let definition = (try? ProviderFileContent(draft: draft, base: [:], path: path))?.definition,
            let host = URLComponents(string: definition.expandedHost(in: ProcessInfo.processInfo.environment))?.host,
            PlainHTTPGuard.isLoopback(host)
        else { return nil }
        prompter.say("  asking \(TerminalText.singleLine(definition.host, limit: 200)) for its models, without a key…")
        guard let listing = try? await ModelsCommand.discover(DeclarativeProvider(definition: definition), timeout: 12),
            listing.fallbackReason == nil, !listing.models.isEmpty
        else { return nil }
        return listing.models
    }

    /// The models the server lists, or none (with the reason said) when it cannot answer.
    private func discover(_ definition: ProviderDefinition) async -> [ModelInfo] {
        prompter.say("  asking \(TerminalText.singleLine(definition.host, limit: 200)) for its models…")
        do {
            let listing = try await ModelsCommand.discover(DeclarativeProvider(definition: definition), timeout: 12)
            if let reason = listing.fallbackReason {
                prompter.say("  discovery did not answer: \(reason)")
                return []
            }
            if listing.models.isEmpty { prompter.say("  the server lists no models") }
            return listing.models
        } catch {
            prompter.say("  discovery did not answer: \(error)")
            return []
        }
    }
}
