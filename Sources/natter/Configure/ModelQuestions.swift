import NatterProviders

/// Which models the file lists: picked from what the server says it offers, or typed by name.
struct ModelQuestions {
    let prompter: LinePrompter

    /// `content` is the draft as it would be written now; its provider is asked for its models, exactly as
    /// `natter models` would ask it.
    func models(for content: ProviderFileContent, current: [ModelInfo]) async throws(EndOfInput) -> [ModelInfo] {
        var offered: [ModelInfo] = []
        if let definition = content.definition, !content.draft.needsSignIn {
            if try prompter.confirm("Discover the models the server offers?", default: true) {
                offered = await discover(definition)
            }
        } else {
            prompter.say("  Model discovery needs a sign-in first (`natter login` once the file is saved): type the names.")
        }
        let currentNames = current.map(\.name).joined(separator: ", ")
        if offered.isEmpty {
            return try prompter.ask("Model names, separated by commas", default: currentNames.isEmpty ? nil : currentNames) { answer in
                ModelSelection.parse(answer, offered: [], known: current).flatMap { models in
                    models.isEmpty ? .failure(AnswerRefusal("at least one model name is needed, since the server listed none")) : .success(models)
                }
            }
        }
        for (index, model) in offered.enumerated() {
            prompter.say("  \(index + 1). \(TerminalText.singleLine(ModelSelection.describe(model), limit: 120))")
        }
        let models = try prompter.ask(
            "Models to list in the file: numbers (1,3-5), names, all or none", default: currentNames.isEmpty ? "all" : currentNames
        ) { ModelSelection.parse($0, offered: offered, known: current) }
        if models.isEmpty { prompter.say("  No models listed: natter will ask the server for them each time.") }
        return models
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
