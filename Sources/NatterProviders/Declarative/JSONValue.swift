import Foundation

/// Any JSON document, kept as a value so that provider and theme files can be checked key by key with
/// messages that name the key and what was wrong with it, which `Codable` errors do not do well.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The document in `data`: read by `JSONScanner` when it can vouch for it (valid UTF-8, nothing doubtful),
    /// else by `JSONDecoder`, which gives the same value or the error.
    public static func parse(_ data: Data) throws -> JSONValue {
        if let scanned = scanned(data) { return scanned }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func scanned(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw -> JSONValue? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
            var scanner = JSONScanner(bytes)
            guard let value = try? scanner.readValue(), scanner.isAtEnd() else { return nil }
            return value
        }
    }

    /// The JSON type's name, for messages such as "expected a string, found a number".
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as a message quotes what it found: short strings and numbers as written, containers by
    /// type. `expected a number, found "8k"` tells a person what to fix; `found a string` leaves them to look.
    public var summary: String {
        switch self {
        case .string(let text): return "\"\(TerminalText.singleLine(text, limit: 40))\""
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object: return typeDescription
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        // Each wrong guess below is a thrown error, so the commonest types of config files go first.
        // Bool stays ahead of Double: some decoders read `true` as the number 1.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            // Whole numbers as integers: a tool's `"count": 3` goes back as 3, not 3.0.
            if number.rounded() == number, abs(number) < 9e15 { try container.encode(Int64(number)) } else { try container.encode(number) }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}
