import Foundation

/// What the three engines' request encoders share: one encoder configuration, and the readings of a tool
/// call's arguments that Anthropic and Ollama want as an object.
enum WireEncoding {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        // Sorted keys: a request is the same bytes each time, which recorded-body tests and caches rely on.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// `body` (a JSON object) with the keys of `extra` a person set that natter does not know (`-o KEY=VALUE`),
    /// at the top or in the object under `key` (Ollama's `options`). A key natter set itself is kept as it is.
    static func adding(_ extra: [String: JSONValue], to body: Data, under key: String? = nil) throws -> Data {
        guard !extra.isEmpty, case .object(var object) = try JSONValue.parse(body) else { return body }
        var target: [String: JSONValue] = [:]
        if let key, case .object(let inner)? = object[key] { target = inner } else if key == nil { target = object }
        for (name, value) in extra where target[name] == nil { target[name] = value }
        if let key { object[key] = .object(target) } else { object = target }
        return try encode(JSONValue.object(object))
    }

    /// A call's arguments as a JSON object. Models sometimes write arguments that are not JSON, or not an
    /// object; such a call goes back with `{}`: the API refuses anything else, and the text is in the transcript.
    static func argumentsObject(_ arguments: String) -> JSONValue {
        guard let value = try? JSONValue.parse(Data(arguments.utf8)), case .object = value else { return .object([:]) }
        return value
    }

    /// The JSON text of arguments an API sent as an object.
    static func argumentsText(_ value: JSONValue?) -> String {
        guard let value, let data = try? encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Tool names by call id, for engines whose tool results name the tool rather than the call (Ollama).
    static func toolNames(in messages: [Message]) -> [String: String] {
        var names: [String: String] = [:]
        for message in messages { for call in message.toolCalls { names[call.id] = call.name } }
        return names
    }
}

/// `{"type": "function", "function": {name, description, parameters}}`: OpenAI's tool form, which Ollama takes too.
struct FunctionTool: Encodable {
    struct Function: Encodable {
        let name: String
        let description: String
        let parameters: JSONValue
    }
    let type = "function"
    let function: Function

    init(_ tool: ToolDefinition) {
        function = Function(name: tool.name, description: tool.description, parameters: tool.inputSchema)
    }
}
