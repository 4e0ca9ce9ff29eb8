import Foundation
import NatterProviders

/// `natter configure`: adding, editing, testing and removing the person's own providers, one question at a
/// time. Nothing is written until every question is answered: input that ends part way leaves no file.
struct ConfigureFlow {
    let prompter: LinePrompter
    let paths: NatterPaths
    let environment: [String: String]
    let store: ProviderFileStore
    let builtinNames: Set<String>

    init(prompter: LinePrompter, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.prompter = prompter
        self.environment = environment
        paths = NatterPaths(environment: environment)
        store = ProviderFileStore(paths: paths)
        builtinNames = Set(ProviderCatalog.builtins().names)
    }

    private var questions: ProviderQuestions {
        ProviderQuestions(prompter: prompter, environment: environment, builtinNames: builtinNames, store: store)
    }

    /// Returns the exit code: 0 when saved, 1 when nothing was.
    func add(name given: String?) async throws -> Int32 {
        prompter.say("A new provider, saved as \(store.directory)/NAME.json. Enter takes the [default].")
        let name: String
        if let given {
            name = try ProviderAnswers.name(given).mapError { ConfigureFailure("\($0.reason)") }.get()
            if store.exists(name) { throw ConfigureFailure("\(store.path(for: name)) exists: `natter configure edit \(name)` changes it") }
            if builtinNames.contains(name), !(try prompter.confirm("\(name) is a built-in provider: replace it with your own?", default: false)) {
                prompter.say("Nothing was written.")
                return 1
            }
        } else {
            name = try questions.name(suggested: nil)
        }
        let engine = try questions.engine(current: nil)
        let host = try questions.host(engine: engine, current: nil)
        // A server on this machine that lists its models without a key needs none (a local server's usual
        // case): the key questions are not asked, and its list is offered as is. Elsewhere a public model list
        // says nothing of the chat (OpenRouter lists without a key and answers only with one).
        let keyless = await ModelQuestions(prompter: prompter).listedWithoutKey(
            ProviderDraft(name: name, engine: engine, host: host, auth: .none, models: []), path: store.path(for: name))
        if let keyless { prompter.say("  \(TerminalText.singleLine(host, limit: 200)) lists \(keyless.count) model\(keyless.count == 1 ? "" : "s") without a key: no authentication") }
        let auth = keyless == nil ? try questions.auth(engine: engine, provider: name, current: nil) : .none
        return try await finish(ProviderDraft(name: name, engine: engine, host: host, auth: auth, models: []), base: [:], listed: keyless)
    }

    /// Every question again, with the file's current value as its default; keys it does not ask about stay.
    func edit(name: String) async throws -> Int32 {
        let base = try store.document(named: name)
        let current = ProviderDraft(name: name, document: .object(base))
        prompter.say("Editing \(store.path(for: name)). Enter keeps the [current value].")
        let engine = try questions.engine(current: current.engine)
        let host = try questions.host(engine: engine, current: current.host)
        let auth = try questions.auth(engine: engine, provider: name, current: current.auth)
        let draft = ProviderDraft(name: name, engine: engine, host: host, auth: auth, models: current.models)
        return try await finish(draft, base: base)
    }

    /// The connection test alone, for any provider natter knows (built-in, file or Swift).
    func test(name: String) async throws -> Int32 {
        let registry = ProviderCatalog.load(paths: paths)
        let provider: any Provider
        if let definition = registry.entry(named: name)?.definition {
            provider = ConnectionTest.provider(for: definition)
        } else {
            do {
                provider = try registry.provider(named: name)
            } catch {
                prompter.say(ConnectionTest.describe(.failed(model: nil, error)))
                return 1
            }
        }
        // The address as it will be used (`${OLLAMA_HOST:-http://localhost:11434}` filled in), not the template.
        let definition = registry.entry(named: name)?.definition
        let host = definition?.expandedHost(in: ProcessInfo.processInfo.environment) ?? provider.metadata.host
        prompter.say("Testing \(provider.metadata.name) at \(TerminalText.singleLine(host, limit: 200))…")
        let outcome = await ConnectionTest.run(provider, model: nil)
        prompter.say(ConnectionTest.describe(outcome))
        return ConnectionTest.succeeded(outcome) ? 0 : 1
    }

    func remove(name: String) throws -> Int32 {
        let path = store.path(for: name)
        guard store.exists(name) else {
            throw ConfigureFailure("there is no file \(path): only your own providers, in \(store.directory), can be removed")
        }
        guard try prompter.confirm("Remove \(path)?", default: false) else {
            prompter.say("Nothing was removed.")
            return 1
        }
        try store.remove(named: name)
        prompter.say("Removed \(path)." + (builtinNames.contains(name) ? " The built-in \(name) is used again." : ""))
        return 0
    }

    /// Models, the connection test, then the file: written only when natter's parser reads it back as meant.
    /// `listed`: the models the server already gave (asked without a key), offered without asking again.
    private func finish(_ draft: ProviderDraft, base: [String: JSONValue], listed: [ModelInfo]? = nil) async throws -> Int32 {
        let path = store.path(for: draft.name)
        var draft = draft
        draft.models = try await ModelQuestions(prompter: prompter)
            .models(for: try ProviderFileContent(draft: draft, base: base, path: path), current: draft.models, listed: listed)
        let content = try ProviderFileContent(draft: draft, base: base, path: path)
        if case .failure(let problem) = content.parsed {
            throw ConfigureFailure("natter would refuse this file (\(problem.reason)); nothing was written")
        }
        if let definition = content.definition, !draft.needsSignIn {
            if try prompter.confirm("Test the connection with a tiny request?", default: true) {
                prompter.say("  testing…")
                let outcome = await ConnectionTest.run(ConnectionTest.provider(for: definition), model: nil)
                prompter.say("  " + ConnectionTest.describe(outcome))
                if !ConnectionTest.succeeded(outcome), !(try prompter.confirm("Save anyway?", default: false)) {
                    prompter.say("Nothing was written.")
                    return 1
                }
            }
        } else {
            prompter.say("  The connection test needs a sign-in first: after saving, run `natter login \(draft.name)`, then `natter configure test \(draft.name)`.")
        }
        try store.write(content.data, named: draft.name)
        prompter.say("Saved \(path)")
        return confirmLoaded(draft, path: path)
    }

    /// Reads the folder again as natter starts: the new file must be the provider of that name.
    private func confirmLoaded(_ draft: ProviderDraft, path: String) -> Int32 {
        let registry = ProviderCatalog.load(paths: paths)
        if let problem = registry.problems.first(where: { $0.path == path }) {
            prompter.say("  natter cannot load it: \(problem.reason)")
            return 1
        }
        guard let entry = registry.entry(named: draft.name), entry.origin == .file(path: path) else {
            prompter.say("  natter does not use it as \(draft.name); check `natter providers`")
            return 1
        }
        if case .missing(let names) = entry.status(environment: environment) {
            prompter.say("Before using it: export \(names.joined(separator: ", ")) (the file holds only the name).")
        }
        prompter.say("Try it: natter -p \"hello\" --provider \(draft.name)")
        return 0
    }
}
