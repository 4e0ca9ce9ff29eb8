/// A provider described by a file, in one shape whichever file format it came from. Strings may still hold
/// `${VAR}` templates: they are expanded when a request is made.
public struct ProviderDefinition: Sendable, Hashable {
    public enum Auth: Sendable, Hashable {
        case none
        /// A header, e.g. `Authorization: Bearer ${KEY}`.
        case header(name: String, value: String)
        /// A query parameter appended to every request URL.
        case query(name: String, value: String)
        /// An OAuth access token, obtained and refreshed as the settings say, sent as `Authorization: Bearer`.
        case oauth(OAuthSettings)
    }

    public var name: String
    public var displayName: String
    public var engine: Engine
    public var host: String
    public var models: [ModelInfo]
    /// `models[].parameters`: defaults a request to that model starts from.
    public var modelParameters: [String: ModelParameters] = [:]
    public var defaultModel: String?
    public var auth: Auth
    /// Extra request headers, in file order.
    public var headers: [(String, String)]
    /// Extra query parameters (Azure's `api-version`), in file order.
    public var query: [(String, String)]
    /// How long a request may wait for its first byte, and a stream may stay silent.
    public var timeoutSeconds: Double
    public var retry: RetryPolicy
    /// Defaults for variables the environment lacks (goose's `env_vars[].default`).
    public var variableDefaults: [String: String]
    /// goose's `supports_streaming: false`: send one non-streamed request and show the reply whole.
    public var supportsStreaming: Bool
    /// goose's `supports_stream_options: false`: some OpenAI-compatible servers reject `stream_options`.
    public var supportsStreamOptions: Bool
    /// The provider can list its models (goose's `dynamic_models`); the static list is the fallback.
    public var dynamicModels: Bool
    /// `allow_insecure_http: true`: the person accepts sending credentials over plain http to a host that is
    /// not this machine. Without it such a request is refused (SPEC: no one let in).
    public var allowInsecureHTTP: Bool
    /// `auth.optional: true`: the key is sent when its variables are set and left out when they are not (a
    /// LiteLLM proxy may or may not have a master key); the provider is ready either way.
    public var authIsOptional = false
    /// `prompt_cache` (SPEC 11): Anthropic's engine marks cache breakpoints unless it is off.
    public var promptCache = PromptCache.fiveMinutes

    public init(
        name: String, displayName: String? = nil, engine: Engine, host: String, models: [ModelInfo] = [],
        defaultModel: String? = nil, auth: Auth = .none, headers: [(String, String)] = [],
        query: [(String, String)] = [], timeoutSeconds: Double = 120, retry: RetryPolicy = .standard,
        variableDefaults: [String: String] = [:], supportsStreaming: Bool = true, supportsStreamOptions: Bool = true,
        dynamicModels: Bool = true, allowInsecureHTTP: Bool = false
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.engine = engine
        self.host = host
        self.models = models
        self.defaultModel = defaultModel
        self.auth = auth
        self.headers = headers
        self.query = query
        self.timeoutSeconds = timeoutSeconds
        self.retry = retry
        self.variableDefaults = variableDefaults
        self.supportsStreaming = supportsStreaming
        self.supportsStreamOptions = supportsStreamOptions
        self.dynamicModels = dynamicModels
        self.allowInsecureHTTP = allowInsecureHTTP
    }

    public static func == (lhs: ProviderDefinition, rhs: ProviderDefinition) -> Bool {
        lhs.name == rhs.name && lhs.displayName == rhs.displayName && lhs.engine == rhs.engine
            && lhs.host == rhs.host && lhs.models == rhs.models && lhs.defaultModel == rhs.defaultModel
            && lhs.auth == rhs.auth && lhs.headers.elementsEqual(rhs.headers, by: ==)
            && lhs.query.elementsEqual(rhs.query, by: ==) && lhs.timeoutSeconds == rhs.timeoutSeconds
            && lhs.retry == rhs.retry && lhs.variableDefaults == rhs.variableDefaults
            && lhs.supportsStreaming == rhs.supportsStreaming
            && lhs.supportsStreamOptions == rhs.supportsStreamOptions && lhs.dynamicModels == rhs.dynamicModels
            && lhs.allowInsecureHTTP == rhs.allowInsecureHTTP && lhs.authIsOptional == rhs.authIsOptional
            && lhs.promptCache == rhs.promptCache
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(engine)
        hasher.combine(host)
    }

    public var metadata: ProviderMetadata {
        var metadata = ProviderMetadata(
            name: name, displayName: displayName, engine: engine.rawValue, host: host, models: models,
            defaultModel: defaultModel)
        metadata.modelParameters = modelParameters
        return metadata
    }

    /// Every template string the provider will expand for a request.
    var templates: [String] {
        var all = [host]
        switch auth {
        case .none: break
        case .header(let name, let value), .query(let name, let value):
            if !authIsOptional { all += [name, value] }  // an optional key's missing variables only leave it out
        case .oauth(let settings): all += settings.templates
        }
        all += headers.flatMap { [$0.0, $0.1] }
        all += query.flatMap { [$0.0, $0.1] }
        return all
    }

    /// The variables a key comes from (`Bearer ${MY_API_KEY}` gives MY_API_KEY): what an authentication error
    /// tells the person to check.
    public var credentialVariables: [String] {
        Self.variables(in: authTemplates + headers.map(\.1) + query.map(\.1))
    }

    /// The templates of a header or query key.
    var authTemplates: [String] {
        switch auth {
        case .header(let name, let value), .query(let name, let value): return [name, value]
        case .none, .oauth: return []
        }
    }

    private static func variables(in templates: [String]) -> [String] {
        var names: [String] = []
        for template in templates {
            do {
                _ = try EnvironmentTemplate.expand(template) { _ in nil }
            } catch {
                for name in error.names where !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// Of the variables the key comes from, those not set now.
    func missingKeyVariables(in environment: [String: String]) -> [String] {
        Self.variables(in: authTemplates).filter { name in lookup(name, in: environment) == nil }
    }

    /// Variables the provider needs that neither the environment nor the file's defaults supply.
    public func missingVariables(in environment: [String: String]) -> [String] {
        var missing: [String] = []
        for template in templates {
            do {
                _ = try EnvironmentTemplate.expand(template) { lookup($0, in: environment) }
            } catch {
                for name in error.names where !missing.contains(name) { missing.append(name) }
            }
        }
        return missing
    }

    /// A template expanded now, or the configuration error a person can act on.
    /// The host with its variables and defaults filled in (`${OLLAMA_HOST:-http://localhost:11434}` as the
    /// address it is now), for telling a person where natter goes; the template itself when a variable is missing.
    public func expandedHost(in environment: [String: String]) -> String {
        (try? expand(host, in: environment)) ?? host
    }

    func expand(_ template: String, in environment: [String: String]) throws(ProviderError) -> String {
        do {
            return try EnvironmentTemplate.expand(template) { lookup($0, in: environment) }
        } catch {
            let names = error.names.joined(separator: ", ")
            throw ProviderError(.configuration, "\(name) needs \(names): export it, then try again")
        }
    }

    func lookup(_ name: String, in environment: [String: String]) -> String? {
        if let value = environment[name], !value.isEmpty { return value }
        return variableDefaults[name]
    }
}
