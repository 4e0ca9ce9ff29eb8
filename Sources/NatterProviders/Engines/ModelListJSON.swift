import Foundation

/// Reading a models endpoint's reply. Read key by key rather than with `Codable`: servers that copy an API
/// add fields of their own, send numbers as floats, or leave keys out, and one odd entry must not throw away
/// the whole list.
enum ModelListJSON {
    /// The array of entries under `key`, or the document itself when it is an array (Together's
    /// `/v1/models` answers with a bare array, not OpenAI's `{"data": […]}`).
    static func entries(_ body: Data, under key: String) throws(ProviderError) -> [JSONValue] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw malformed(body)
        }
        if case .array(let items) = document { return items }
        guard case .array(let items)? = document[key] else { throw malformed(body) }
        return items
    }

    /// The models read from the entries, leaving out those `skip` names; an error when there were entries
    /// and none could be read, which is a reply in some other format rather than an empty list.
    static func models(
        _ entries: [JSONValue], body: Data, skip: (JSONValue) -> Bool = { _ in false },
        reading read: (JSONValue) -> ModelInfo?
    ) throws(ProviderError) -> [ModelInfo] {
        var unreadable = 0
        var models: [ModelInfo] = []
        for entry in entries where !skip(entry) {
            if let model = read(entry) { models.append(model) } else { unreadable += 1 }
        }
        if models.isEmpty, unreadable > 0 { throw malformed(body) }
        return models
    }

    private static func malformed(_ body: Data) -> ProviderError {
        let text = String(decoding: body.prefix(80), as: UTF8.self)
        return ProviderError(.malformedResponse, "the model list is not the expected JSON: \(text)")
    }
}

extension JSONValue {
    package var stringValue: String? {
        if case .string(let text) = self, !text.isEmpty { return text }
        return nil
    }

    /// A token count: a whole, positive number, as some servers send it with a fraction of zero.
    package var countValue: Int? {
        guard case .number(let number) = self, number >= 1, number < 1e12 else { return nil }
        return Int(number)
    }

    package var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    package var numberValue: Double? {
        if case .number(let number) = self, number.isFinite { return number }
        return nil
    }
}
