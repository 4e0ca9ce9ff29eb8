import Foundation

/// Reads a provider file in either form: the documented one (`host`, `auth`, `models[].context_window`) or
/// goose's as it really ships (`base_url`, `api_key_env`, `models[].context_limit`, `env_vars`). Unknown keys
/// are ignored so that files written for newer versions, or for goose, still load.
public struct ProviderFileParser {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func parse(_ data: Data) throws(ProviderFileError) -> ProviderDefinition {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ProviderFileError(path: path, key: nil, problem: JSONSyntaxError.describe(data) ?? "not valid JSON (\(Self.describe(error)))")
        }
        guard case .object = document else {
            throw ProviderFileError(path: path, key: nil, problem: "expected a JSON object, found \(document.summary)")
        }
        let fields = Fields(path: path, object: document, prefix: "")
        let isGooseForm = document["host"] == nil && document["base_url"] != nil

        let name = try fields.requiredString("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else {
            throw fields.error("name", "expected letters, digits, '-', '_' or '.', found \"\(name)\"")
        }
        let engineName = try fields.requiredString("engine")
        guard let engine = Engine(rawValue: engineName.lowercased()) else {
            throw fields.error("engine", "expected one of openai, anthropic, ollama, found \"\(engineName)\"")
        }
        let host = try fields.requiredString(isGooseForm ? "base_url" : "host")
        if host.isEmpty { throw fields.error(isGooseForm ? "base_url" : "host", "must not be empty") }

        let models = try parseModels(fields, isGooseForm: isGooseForm)
        let modelParameters = try parseModelParameters(fields)
        let defaultModel = try fields.optionalString("default_model")
        if let defaultModel, !models.isEmpty, !models.contains(where: { $0.name == defaultModel }) {
            throw fields.error("default_model", "\"\(defaultModel)\" is not one of the listed models")
        }

        let displayName = try fields.optionalString("display_name")
        let auth = isGooseForm ? try gooseAuth(fields) : try parseAuth(fields)
        let headers = try fields.optionalStringMap("headers")
        let query = try fields.optionalStringMap("query")
        let timeout = try parseTimeout(fields)
        let retry = try parseRetry(fields)
        let variableDefaults = try parseVariableDefaults(fields)
        let supportsStreaming = try fields.optionalBool("supports_streaming") ?? true
        let supportsStreamOptions = try fields.optionalBool("supports_stream_options") ?? true
        let dynamicModels = try fields.optionalBool("dynamic_models") ?? true
        let allowInsecureHTTP = try fields.optionalBool("allow_insecure_http") ?? false
        var definition = ProviderDefinition(
            name: name, displayName: displayName, engine: engine, host: host, models: models,
            defaultModel: defaultModel, auth: auth, headers: headers, query: query, timeoutSeconds: timeout,
            retry: retry, variableDefaults: variableDefaults, supportsStreaming: supportsStreaming,
            supportsStreamOptions: supportsStreamOptions, dynamicModels: dynamicModels, allowInsecureHTTP: allowInsecureHTTP)
        definition.modelParameters = modelParameters
        if let given = fields.value("prompt_cache"), given != .null {
            guard let cache = PromptCache.parse(given) else {
                throw fields.error("prompt_cache", "expected true, false, \"5m\" or \"1h\", found \(given.summary)")
            }
            definition.promptCache = cache
        }
        switch auth {
        case .header, .query: break
        case .none, .oauth: return definition  // only a key in a header or the query can be left out
        }
        if !isGooseForm, case .object = fields.value("auth") {
            definition.authIsOptional = try Fields(path: path, object: fields.value("auth")!, prefix: "auth.").optionalBool("optional") ?? false
        }
        return definition
    }

    private func parseModels(_ fields: Fields, isGooseForm: Bool) throws(ProviderFileError) -> [ModelInfo] {
        // goose files may leave `models` out when `dynamic_models` is set; the documented form requires it.
        let entries: [JSONValue]
        if isGooseForm {
            entries = try fields.optionalArray("models") ?? []
        } else {
            entries = try fields.requiredArray("models")
        }
        var models: [ModelInfo] = []
        for (index, entry) in entries.enumerated() {
            let key = "models[\(index)]"
            guard case .object = entry else {
                throw fields.error(key, "expected an object, found \(entry.summary)")
            }
            let model = Fields(path: path, object: entry, prefix: key + ".")
            let documentedWindow = try model.optionalPositiveInt("context_window")
            let gooseWindow = try model.optionalPositiveInt("context_limit")
            let contextWindow = documentedWindow ?? gooseWindow
            let modelName = try model.requiredString("name")
            let tools = try model.optionalBool("supports_tools") ?? true
            let vision = try model.optionalBool("supports_vision") ?? false
            models.append(
                ModelInfo(
                    name: modelName, contextWindow: contextWindow, supportsTools: tools, supportsVision: vision,
                    cost: try parseCost(model)))
        }
        return models
    }

    /// `cost: {"input", "output"}` in dollars per million tokens, or goose's `input_token_cost` and
    /// `output_token_cost` in dollars per token (taken only in dollars: natter shows no other currency).
    private func parseCost(_ model: Fields) throws(ProviderFileError) -> ModelCost? {
        if let given = model.value("cost"), given != .null {
            guard case .object = given else { throw model.error("cost", "expected an object such as {\"input\": 3, \"output\": 15}, found \(given.summary)") }
            let prices = Fields(path: path, object: given, prefix: model.prefix + "cost.")
            guard let input = try prices.optionalNumber("input") else { throw prices.error("input", "missing (US dollars per million input tokens)") }
            guard let output = try prices.optionalNumber("output") else { throw prices.error("output", "missing (US dollars per million output tokens)") }
            // Prompt-cache prices, where the model's price table gives them (models.dev's names).
            let cacheRead = try prices.optionalNumber("cache_read")
            let cacheWrite = try prices.optionalNumber("cache_write")
            guard let cost = ModelCost(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite) else {
                throw model.error("cost", "expected prices from 0 to 100,000 dollars per million tokens")
            }
            return cost
        }
        let currency = try model.optionalString("currency")
        guard let input = try model.optionalNumber("input_token_cost"), let output = try model.optionalNumber("output_token_cost"),
            currency == nil || ["$", "USD", "usd"].contains(currency!)
        else { return nil }
        return ModelCost(input: input * 1_000_000, output: output * 1_000_000)
    }

    /// `models[].parameters`: each model's default request parameters, every value checked like `-o`'s.
    private func parseModelParameters(_ fields: Fields) throws(ProviderFileError) -> [String: ModelParameters] {
        guard case .array(let entries)? = fields.value("models") else { return [:] }
        var defaults: [String: ModelParameters] = [:]
        for (index, entry) in entries.enumerated() {
            guard case .object(let object) = entry, case .string(let name)? = object["name"], let given = object["parameters"] else { continue }
            let key = "models[\(index)].parameters"
            guard case .object(let values) = given else { throw fields.error(key, "expected an object, found \(given.summary)") }
            var parameters = ModelParameters()
            for (parameter, value) in values.sorted(by: { $0.key < $1.key }) {
                do {
                    try parameters.set(parameter, json: value)
                } catch {
                    throw fields.error("\(key).\(parameter)", error.description)
                }
            }
            defaults[name] = parameters
        }
        return defaults
    }

    private func parseAuth(_ fields: Fields) throws(ProviderFileError) -> ProviderDefinition.Auth {
        guard let authValue = fields.value("auth"), authValue != .null else { return .none }
        guard case .object = authValue else {
            throw fields.error("auth", "expected an object, found \(authValue.summary)")
        }
        let auth = Fields(path: path, object: authValue, prefix: "auth.")
        let type = try auth.requiredString("type")
        switch type {
        case "header":
            let name = try auth.requiredString("header_name")
            return .header(name: name, value: try auth.requiredString("header_value"))
        case "query":
            let name = try auth.requiredString("query_name")
            return .query(name: name, value: try auth.requiredString("query_value"))
        case "none":
            return .none
        case "oauth":
            return .oauth(try parseOAuth(auth))
        default:
            throw fields.error("auth.type", "expected header, query or oauth, found \"\(type)\"")
        }
    }

    /// `flow` decides which endpoints are required; each missing one is named with the flow that needs it.
    private func parseOAuth(_ auth: Fields) throws(ProviderFileError) -> OAuthSettings {
        let flowName = try auth.requiredString("flow")
        guard let flow = OAuthSettings.Flow(rawValue: flowName) else {
            throw auth.error("flow", "expected device, pkce or client_credentials, found \"\(flowName)\"")
        }
        func required(_ key: String) throws(ProviderFileError) -> String {
            guard let value = try auth.optionalString(key) else {
                throw auth.error(key, "missing (the \(flow.rawValue) flow needs it)")
            }
            guard !value.isEmpty else { throw auth.error(key, "must not be empty") }
            return value
        }
        let clientID = try required("client_id")
        let tokenURL = try required("token_url")
        var settings = OAuthSettings(
            flow: flow, clientID: clientID, clientSecret: try auth.optionalString("client_secret"),
            scopes: try parseScopes(auth), deviceAuthorizationURL: try auth.optionalString("device_authorization_url"),
            authorizationURL: try auth.optionalString("authorization_url"), tokenURL: tokenURL)
        switch flow {
        case .device: settings.deviceAuthorizationURL = try required("device_authorization_url")
        case .pkce: settings.authorizationURL = try required("authorization_url")
        case .clientCredentials: settings.clientSecret = try required("client_secret")
        }
        return settings
    }

    /// An array of strings, or one space-separated string as the `scope` parameter itself is written.
    private func parseScopes(_ auth: Fields) throws(ProviderFileError) -> [String] {
        switch auth.value("scopes") {
        case nil, .null?:
            return []
        case .string(let text)?:
            return text.split(separator: " ").map(String.init)
        case .array(let items)?:
            var scopes: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let scope) = item else {
                    throw auth.error("scopes[\(index)]", "expected a string, found \(item.typeDescription)")
                }
                scopes.append(scope)
            }
            return scopes
        case let other?:
            throw auth.error("scopes", "expected an array of strings or a space-separated string, found \(other.typeDescription)")
        }
    }

    /// goose's form: `api_key_env` names a variable sent as a Bearer token, unless `requires_auth` is false
    /// or the name is empty (local servers).
    private func gooseAuth(_ fields: Fields) throws(ProviderFileError) -> ProviderDefinition.Auth {
        if fields.value("auth") != nil, fields.value("auth") != .null { return try parseAuth(fields) }
        let keyVariable = try fields.optionalString("api_key_env") ?? ""
        let requiresAuth = try fields.optionalBool("requires_auth") ?? true
        guard requiresAuth, !keyVariable.isEmpty else { return .none }
        return .header(name: "Authorization", value: "Bearer ${\(keyVariable)}")
    }

    private func parseTimeout(_ fields: Fields) throws(ProviderFileError) -> Double {
        guard let seconds = try fields.optionalNumber("timeout_seconds") else { return 120 }
        // The upper bound keeps the stall timer's Duration arithmetic far from Int64's limits (1e19 trapped).
        guard seconds > 0, seconds <= Self.longestTimeout else {
            throw fields.error(
                "timeout_seconds", "expected more than 0 and at most \(Int(Self.longestTimeout)) (a day), found \(JSONValue.number(seconds).summary)")
        }
        return seconds
    }

    private func parseRetry(_ fields: Fields) throws(ProviderFileError) -> RetryPolicy {
        guard let value = fields.value("retry"), value != .null else { return .standard }
        guard case .object = value else {
            throw fields.error("retry", "expected an object, found \(value.summary)")
        }
        let retry = Fields(path: path, object: value, prefix: "retry.")
        var policy = RetryPolicy.standard
        if let count = try retry.optionalInt("max_retries") {
            guard count >= 0 else { throw fields.error("retry.max_retries", "must not be negative") }
            policy.maxRetries = count
        }
        if let ms = try delay(retry, "initial_delay_ms") { policy.initialDelay = .milliseconds(ms) }
        if let ms = try delay(retry, "max_delay_ms") { policy.maxDelay = .milliseconds(ms) }
        if let base = try retry.optionalNumber("exponential_base") {
            guard base >= 1 else { throw fields.error("retry.exponential_base", "must be at least 1, found \(base)") }
            policy.exponentialBase = base
        }
        return policy
    }

    static let longestTimeout: Double = 86_400
    static let longestRetryDelayMilliseconds: Double = 3_600_000

    /// A wait in milliseconds, from none to an hour: `Int64(1e19)` traps, and a negative wait means nothing.
    private func delay(_ retry: Fields, _ key: String) throws(ProviderFileError) -> Int64? {
        guard let ms = try retry.optionalNumber(key) else { return nil }
        guard ms >= 0, ms <= Self.longestRetryDelayMilliseconds else {
            throw retry.error(
                key, "expected 0 to \(Int(Self.longestRetryDelayMilliseconds)) (an hour), found \(JSONValue.number(ms).summary)")
        }
        return Int64(ms)
    }

    private func parseVariableDefaults(_ fields: Fields) throws(ProviderFileError) -> [String: String] {
        var defaults: [String: String] = [:]
        for (index, entry) in (try fields.optionalArray("env_vars") ?? []).enumerated() {
            let key = "env_vars[\(index)]"
            guard case .object = entry else {
                throw fields.error(key, "expected an object, found \(entry.summary)")
            }
            let variable = Fields(path: path, object: entry, prefix: key + ".")
            let name = try variable.requiredString("name")
            if let value = try variable.optionalString("default") { defaults[name] = value }
        }
        return defaults
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return "\(underlying)" }
            return context.debugDescription
        }
        return "\(error)"
    }
}

/// Typed access to one JSON object's keys, failing with the file, the full key path and what was found.
private struct Fields {
    let path: String
    let object: JSONValue
    let prefix: String

    func value(_ key: String) -> JSONValue? { object[key] }

    func error(_ key: String, _ problem: String) -> ProviderFileError {
        ProviderFileError(path: path, key: key.hasPrefix(prefix) ? key : prefix + key, problem: problem)
    }

    private func missing(_ key: String) -> ProviderFileError {
        ProviderFileError(path: path, key: prefix + key, problem: "missing (required)")
    }

    private func wrongType(_ key: String, expected: String, found: JSONValue) -> ProviderFileError {
        ProviderFileError(path: path, key: prefix + key, problem: "expected \(expected), found \(found.summary)")
    }

    func requiredString(_ key: String) throws(ProviderFileError) -> String {
        guard let found = try optionalString(key) else { throw missing(key) }
        return found
    }

    /// A key set to null counts as absent: goose writes `"headers": null`.
    func optionalString(_ key: String) throws(ProviderFileError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw wrongType(key, expected: "a string", found: other)
        }
    }

    func optionalBool(_ key: String) throws(ProviderFileError) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw wrongType(key, expected: "true or false", found: other)
        }
    }

    func optionalNumber(_ key: String) throws(ProviderFileError) -> Double? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let number)?: return number
        case let other?: throw wrongType(key, expected: "a number", found: other)
        }
    }

    func optionalInt(_ key: String) throws(ProviderFileError) -> Int? {
        guard let number = try optionalNumber(key) else { return nil }
        guard number.rounded() == number, number >= 0, number < 1e15 else {
            throw ProviderFileError(
                path: path, key: prefix + key, problem: "expected a whole number of 0 or more, found \(JSONValue.number(number).summary)")
        }
        return Int(number)
    }

    /// A count that must be above zero (a context window): "a positive whole number" is what the person is told.
    func optionalPositiveInt(_ key: String) throws(ProviderFileError) -> Int? {
        guard let number = try optionalNumber(key) else { return nil }
        guard number.rounded() == number, number > 0, number < 1e15 else {
            throw ProviderFileError(
                path: path, key: prefix + key, problem: "expected a positive whole number, found \(JSONValue.number(number).summary)")
        }
        return Int(number)
    }

    func requiredArray(_ key: String) throws(ProviderFileError) -> [JSONValue] {
        guard let found = try optionalArray(key) else { throw missing(key) }
        return found
    }

    func optionalArray(_ key: String) throws(ProviderFileError) -> [JSONValue]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?: return items
        case let other?: throw wrongType(key, expected: "an array", found: other)
        }
    }

    /// A string-to-string map, sorted by key so requests are built the same way every time.
    func optionalStringMap(_ key: String) throws(ProviderFileError) -> [(String, String)] {
        switch object[key] {
        case nil, .null?: return []
        case .object(let map)?:
            var pairs: [(String, String)] = []
            for (name, value) in map.sorted(by: { $0.key < $1.key }) {
                guard case .string(let text) = value else {
                    throw wrongType("\(key).\(name)", expected: "a string", found: value)
                }
                pairs.append((name, text))
            }
            return pairs
        case let other?: throw wrongType(key, expected: "an object of strings", found: other)
        }
    }
}
