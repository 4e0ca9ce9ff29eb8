import Foundation
import NatterProviders

/// A draft to and from the documented file form (SPEC 3.1, with 3.5's `oauth` block).
extension ProviderDraft {
    /// The keys this command asks about; every other key of a file being edited is kept as it was.
    static let managedKeys: Set<String> = ["name", "engine", "host", "models", "auth"]
    /// goose's form of keys the documented form states otherwise; dropped when a goose-style file is rewritten.
    static let replacedGooseKeys: Set<String> = ["base_url", "api_key_env", "requires_auth"]

    /// Leniently, from an existing file: whatever can be read becomes the default of its question, so that
    /// `edit` can also mend a file natter refused to load.
    init(name: String, document: JSONValue) {
        func string(_ value: JSONValue?) -> String? {
            if case .string(let text)? = value { return text }
            return nil
        }
        self.name = name
        engine = string(document["engine"]).flatMap { Engine(rawValue: $0.lowercased()) } ?? .openai
        host = string(document["host"]) ?? string(document["base_url"]) ?? ""
        var models: [ModelInfo] = []
        if case .array(let entries)? = document["models"] {
            for entry in entries {
                guard let modelName = string(entry["name"]) else { continue }
                var window: Int?
                if case .number(let number)? = entry["context_window"] ?? entry["context_limit"] { window = Int(exactly: number) }
                var tools = true
                if case .bool(let flag)? = entry["supports_tools"] { tools = flag }
                var vision = false
                if case .bool(let flag)? = entry["supports_vision"] { vision = flag }
                models.append(ModelInfo(name: modelName, contextWindow: window, supportsTools: tools, supportsVision: vision))
            }
        }
        self.models = models
        auth = Self.auth(from: document, providerName: name)
    }

    private static func auth(from document: JSONValue, providerName: String) -> DraftAuth {
        func string(_ value: JSONValue?) -> String? {
            if case .string(let text)? = value { return text }
            return nil
        }
        /// `Bearer ${KEY}` → ("Bearer ", "KEY"); a value without one trailing reference gets the usual form.
        func split(_ value: String?) -> (prefix: String, variable: String)? {
            guard let value, let reference = EnvironmentTemplate.references(in: value).last,
                reference.defaultValue == nil, value.hasSuffix("${\(reference.name)}")
            else { return nil }
            return (String(value.dropLast("${\(reference.name)}".count)), reference.name)
        }
        let suggested = EnvironmentVariableAnswer.suggestion(forProvider: providerName)
        guard let block = document["auth"], case .object = block else {
            if let variable = string(document["api_key_env"]), !variable.isEmpty, document["requires_auth"] != .bool(false) {
                return .header(name: "Authorization", variable: variable, valuePrefix: "Bearer ")
            }
            return .none
        }
        switch string(block["type"]) {
        case "header":
            let name = string(block["header_name"]) ?? "Authorization"
            let parts = split(string(block["header_value"]))
            return .header(
                name: name, variable: parts?.variable ?? suggested,
                valuePrefix: parts?.prefix ?? DraftAuth.defaultValuePrefix(forHeader: name))
        case "query":
            return .query(name: string(block["query_name"]) ?? "key", variable: split(string(block["query_value"]))?.variable ?? suggested)
        case "oauth":
            var scopes: [String] = []
            switch block["scopes"] {
            case .array(let items)?: scopes = items.compactMap { string($0) }
            case .string(let text)?: scopes = text.split(separator: " ").map(String.init)
            default: break
            }
            return .oauth(
                DraftOAuth(
                    flow: string(block["flow"]).flatMap(DraftOAuth.Flow.init(rawValue:)) ?? .device,
                    clientID: string(block["client_id"]) ?? "", scopes: scopes,
                    deviceAuthorizationURL: string(block["device_authorization_url"]),
                    authorizationURL: string(block["authorization_url"]), tokenURL: string(block["token_url"]) ?? "",
                    clientSecretVariable: split(string(block["client_secret"]))?.variable))
        default:
            return .none
        }
    }

    /// The file's JSON object: `base` (the file being edited, or empty) with this draft's keys written over it.
    func document(over base: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var object = base
        for key in Self.replacedGooseKeys { object[key] = nil }
        object["name"] = .string(name)
        object["engine"] = .string(engine.rawValue)
        object["host"] = .string(host)
        // Each model over its entry in the file, and the auth block over the file's of the same type: a key the
        // questions do not ask about (a model's `cost` and `parameters`, say) is kept as it was.
        var entries: [String: [String: JSONValue]] = [:]
        if case .array(let listed)? = base["models"] {
            for case .object(let entry) in listed {
                if case .string(let name)? = entry["name"], entries[name] == nil { entries[name] = entry }
            }
        }
        object["models"] = .array(models.map { Self.modelDocument($0, over: entries[$0.name] ?? [:]) })
        object["auth"] = authDocument.map { Self.merged($0, over: base["auth"]) }
        // A default model that is no longer listed would make the file invalid.
        if case .string(let preferred)? = object["default_model"], !models.isEmpty, !models.contains(where: { $0.name == preferred }) {
            object["default_model"] = nil
        }
        return object
    }

    private static func modelDocument(_ model: ModelInfo, over base: [String: JSONValue]) -> JSONValue {
        var entry = base
        entry["context_limit"] = nil  // goose's name for the window, which is written as `context_window`
        entry["name"] = .string(model.name)
        entry["supports_tools"] = .bool(model.supportsTools)
        entry["supports_vision"] = .bool(model.supportsVision)
        entry["context_window"] = model.contextWindow.map { .number(Double($0)) }
        return .object(entry)
    }

    /// The draft's auth block over the file's when both are of one type: the file's other keys stay.
    private static func merged(_ block: JSONValue, over base: JSONValue?) -> JSONValue {
        guard case .object(let written) = block, case .object(var kept)? = base, kept["type"] == written["type"] else { return block }
        kept.merge(written) { _, new in new }
        return .object(kept)
    }

    private var authDocument: JSONValue? {
        switch auth {
        case .none:
            return nil
        case .header(let name, let variable, let prefix):
            return .object([
                "type": .string("header"), "header_name": .string(name), "header_value": .string("\(prefix)${\(variable)}"),
            ])
        case .query(let name, let variable):
            return .object(["type": .string("query"), "query_name": .string(name), "query_value": .string("${\(variable)}")])
        case .oauth(let settings):
            var block: [String: JSONValue] = [
                "type": .string("oauth"), "flow": .string(settings.flow.rawValue), "client_id": .string(settings.clientID),
                "scopes": .array(settings.scopes.map(JSONValue.string)), "token_url": .string(settings.tokenURL),
            ]
            if let url = settings.deviceAuthorizationURL { block["device_authorization_url"] = .string(url) }
            if let url = settings.authorizationURL { block["authorization_url"] = .string(url) }
            if let variable = settings.clientSecretVariable { block["client_secret"] = .string("${\(variable)}") }
            return .object(block)
        }
    }
}
