import NatterProviders

/// The questions that describe where a provider is and how it signs its requests, each offering the current
/// value (when editing) or a sensible one (when adding) as its default.
struct ProviderQuestions {
    let prompter: LinePrompter
    let environment: [String: String]
    let builtinNames: Set<String>
    let store: ProviderFileStore

    /// A new provider's name: free in natter's folder; a built-in's name only if the person means to replace it.
    func name(suggested: String?) throws(EndOfInput) -> String {
        while true {
            let name = try prompter.ask("Name (letters, digits, - _ .)", default: suggested) { answer in
                ProviderAnswers.name(answer).flatMap { name in
                    store.exists(name)
                        ? .failure(AnswerRefusal("you already have a provider named \(name): `natter configure edit \(name)` changes it"))
                        : .success(name)
                }
            }
            if !builtinNames.contains(name) { return name }
            let override = try prompter.confirm("\(name) is a built-in provider: replace it with your own?", default: false)
            if override { return name }
        }
    }

    func engine(current: Engine?) throws(EndOfInput) -> Engine {
        try prompter.ask("Engine, the style of API: openai, anthropic or ollama", default: (current ?? .openai).rawValue) {
            ProviderAnswers.engine($0)
        }
    }

    func host(engine: Engine, current: String?) throws(EndOfInput) -> String {
        let current = current.flatMap { $0.isEmpty ? nil : $0 }
        return try prompter.ask("Host (the API's base URL)", default: current ?? ProviderAnswers.defaultHost(for: engine)) {
            ProviderAnswers.host($0)
        }
    }

    /// Local servers default to none, hosted APIs to a key in a header.
    func auth(engine: Engine, provider: String, current: DraftAuth?) throws(EndOfInput) -> DraftAuth {
        let defaultKind = current?.kind ?? (engine == .ollama ? "none" : "header")
        let kind = try prompter.choose(
            "Authentication: none, header, query or oauth", from: ["none", "header", "query", "oauth"], default: defaultKind)
        let suggestedVariable = current?.keyVariable ?? EnvironmentVariableAnswer.suggestion(forProvider: provider)
        switch kind {
        case "header":
            var currentName: String?
            var currentPrefix: String?
            if case .header(let name, _, let prefix)? = current { (currentName, currentPrefix) = (name, prefix) }
            let name = try prompter.ask("Header name", default: currentName ?? DraftAuth.defaultHeader(for: engine)) {
                ProviderAnswers.parameterName($0)
            }
            // A custom form such as `Token ${KEY}` survives an edit that keeps the header.
            let prefix = name == currentName ? currentPrefix ?? "" : DraftAuth.defaultValuePrefix(forHeader: name)
            let variable = try keyVariable("Environment variable that holds the key", default: suggestedVariable)
            return .header(name: name, variable: variable, valuePrefix: prefix)
        case "query":
            var currentName: String?
            if case .query(let name, _)? = current { currentName = name }
            let name = try prompter.ask("Query parameter name", default: currentName ?? "key") { ProviderAnswers.parameterName($0) }
            let variable = try keyVariable("Environment variable that holds the key", default: suggestedVariable)
            return .query(name: name, variable: variable)
        case "oauth":
            var settings: DraftOAuth?
            if case .oauth(let existing)? = current { settings = existing }
            return .oauth(try oauth(provider: provider, current: settings))
        default:
            return .none
        }
    }

    /// SPEC 3.5's block: the flow, the client, the endpoints that flow uses, the scopes, and the client secret
    /// (by variable name; a public client has none).
    func oauth(provider: String, current: DraftOAuth?) throws(EndOfInput) -> DraftOAuth {
        let flowName = try prompter.choose(
            "OAuth flow: device, pkce or client_credentials", from: DraftOAuth.Flow.allCases.map(\.rawValue),
            default: current?.flow.rawValue ?? DraftOAuth.Flow.device.rawValue)
        let flow = DraftOAuth.Flow(rawValue: flowName) ?? .device
        let clientID = try prompter.askText("Client id", default: current?.clientID.isEmpty == false ? current?.clientID : nil)
        var deviceURL: String?
        var authorizationURL: String?
        switch flow {
        case .device:
            deviceURL = try prompter.ask("Device authorization URL", default: current?.deviceAuthorizationURL) { ProviderAnswers.url($0) }
        case .pkce:
            authorizationURL = try prompter.ask("Authorization URL", default: current?.authorizationURL) { ProviderAnswers.url($0) }
        case .clientCredentials:
            break
        }
        let tokenURL = try prompter.ask("Token URL", default: current?.tokenURL.isEmpty == false ? current?.tokenURL : nil) {
            ProviderAnswers.url($0)
        }
        let scopeText = try prompter.askText(
            "Scopes, separated by spaces (- for none)", default: current.map { $0.scopes.isEmpty ? "-" : $0.scopes.joined(separator: " ") } ?? "-")
        let scopes = scopeText == "-" ? [] : scopeText.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let suggested = current?.clientSecretVariable ?? EnvironmentVariableAnswer.suggestion(forProvider: provider, suffix: "CLIENT_SECRET")
        let secret: String?
        if flow == .clientCredentials {
            secret = try keyVariable("Environment variable that holds the client secret", default: suggested)
        } else {
            secret = try optionalKeyVariable(
                "Environment variable that holds the client secret (- for none, a public client)",
                default: current.map { $0.clientSecretVariable ?? "-" } ?? "-")
        }
        return DraftOAuth(
            flow: flow, clientID: clientID, scopes: scopes, deviceAuthorizationURL: deviceURL, authorizationURL: authorizationURL,
            tokenURL: tokenURL, clientSecretVariable: secret)
    }

    /// The name of the variable holding a secret, with a note when this shell does not set it. The value is
    /// never shown.
    func keyVariable(_ question: String, default suggested: String) throws(EndOfInput) -> String {
        let variable = try prompter.ask(question, default: suggested) { EnvironmentVariableAnswer.check($0) }
        noteIfUnset(variable)
        return variable
    }

    private func optionalKeyVariable(_ question: String, default suggested: String) throws(EndOfInput) -> String? {
        let variable: String? = try prompter.ask(question, default: suggested) { answer in
            answer == "-" ? .success(nil) : EnvironmentVariableAnswer.check(answer).map { $0 }
        }
        if let variable { noteIfUnset(variable) }
        return variable
    }

    private func noteIfUnset(_ variable: String) {
        if (environment[variable] ?? "").isEmpty {
            prompter.say("  \(variable) is not set in this shell: export it before using the provider (natter reads it at each request)")
        } else {
            prompter.say("  \(variable) is set")
        }
    }
}
