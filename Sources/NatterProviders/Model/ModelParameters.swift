import Foundation

/// The knobs of a request (SPEC 11), as natter names them; each engine sends them under its own names.
/// nil leaves the provider's default.
public struct ModelParameters: Sendable, Hashable {
    /// How hard a reasoning model thinks: an effort, a budget of thinking tokens, or not at all.
    public enum Reasoning: Sendable, Hashable {
        case effort(Effort)
        case budget(Int)
        case off
    }

    public enum Effort: String, Sendable, Hashable, CaseIterable {
        case minimal, low, medium, high
    }

    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var seed: Int?
    public var reasoning: Reasoning?
    /// Keys natter does not know (`-o num_ctx=8192`), sent as given: a provider's own options work. They never
    /// replace a key natter sets itself.
    public var extra: [String: JSONValue] = [:]

    public init(temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil, seed: Int? = nil, reasoning: Reasoning? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.seed = seed
        self.reasoning = reasoning
    }

    public var isEmpty: Bool { self == ModelParameters() }

    /// What was set, as `-o` would write it: `temperature=0.2, reasoning=high`. A rejected request names them.
    public var summary: String { settings.map(\.text).joined(separator: ", ") }

    /// What a refusal (HTTP 400) most likely objects to: the settings whose names, as some engine sends them,
    /// the error message mentions; all of them when it mentions none. Said after the provider's message.
    public func blame(for message: String) -> String {
        let said = message.lowercased()
        let named = settings.filter { setting in setting.wireNames.contains { Self.mentions(said, $0) } }
        if named.isEmpty { return "this request set \(summary)" }
        return "the model refused \(named.map(\.text).joined(separator: ", ")), set for this request"
    }

    /// Each value set, with the names the engines give it on the wire.
    private var settings: [(text: String, wireNames: [String])] {
        var pieces: [(text: String, wireNames: [String])] = []
        if let temperature { pieces.append(("temperature=\(temperature)", ["temperature"])) }
        if let topP { pieces.append(("top_p=\(topP)", ["top_p", "topp"])) }
        if let maxTokens { pieces.append(("max_tokens=\(maxTokens)", ["max_tokens", "max_completion_tokens", "num_predict"])) }
        if let seed { pieces.append(("seed=\(seed)", ["seed"])) }
        let reasoningNames = ["reasoning_effort", "reasoning", "thinking", "budget_tokens", "think"]
        switch reasoning {
        case .effort(let effort)?: pieces.append(("reasoning=\(effort.rawValue)", reasoningNames))
        case .budget(let budget)?: pieces.append(("reasoning=\(budget)", reasoningNames))
        case .off?: pieces.append(("reasoning=off", reasoningNames))
        case nil: break
        }
        pieces += extra.keys.sorted().map { ($0, [$0.lowercased()]) }
        return pieces
    }

    /// `name` as a word of `text` (both lowercased): "seed" in "unknown field seed", not in "seeded".
    private static func mentions(_ text: String, _ name: String) -> Bool {
        var searchStart = text.startIndex
        while let found = text.range(of: name, range: searchStart..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter = { (character: Character?) in character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchStart = found.upperBound
        }
        return false
    }

    /// `other`'s values where it has them, these elsewhere: a request's flags over a session's settings over
    /// a model's defaults.
    public func overridden(by other: ModelParameters) -> ModelParameters {
        var merged = self
        merged.temperature = other.temperature ?? temperature
        merged.topP = other.topP ?? topP
        merged.maxTokens = other.maxTokens ?? maxTokens
        merged.seed = other.seed ?? seed
        merged.reasoning = other.reasoning ?? reasoning
        merged.extra.merge(other.extra) { _, new in new }
        return merged
    }

    /// Sets `key` from text as a person writes it (`-o temperature=0.2`, `-o reasoning=high`). A key natter
    /// does not know goes into `extra`, as JSON when it reads as JSON, else as a string. Numbers from outside
    /// are checked before use: a value out of range is refused with the range.
    public mutating func set(_ key: String, to value: String) throws(ParameterError) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch key {
        case "temperature": temperature = try Self.number(key, trimmed, in: 0...2)
        case "top_p": topP = try Self.number(key, trimmed, in: 0...1)
        case "max_tokens": maxTokens = try Self.count(key, trimmed, in: 1...10_000_000)
        case "seed": seed = try Self.count(key, trimmed, in: Int(Int32.min)...Int(Int32.max))
        case "reasoning": reasoning = try Self.reasoning(trimmed)
        default:
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                throw ParameterError("\"\(key)\" is not a parameter name")
            }
            extra[key] = (try? JSONValue.parse(Data(trimmed.utf8))) ?? .string(value)
        }
    }

    /// Sets `key` from a provider file's JSON: numbers and strings as `set(_:to:)` reads them, anything under
    /// a key natter does not know as it is.
    public mutating func set(_ key: String, json value: JSONValue) throws(ParameterError) {
        switch (key, value) {
        case ("temperature", .number(let number)), ("top_p", .number(let number)), ("max_tokens", .number(let number)),
            ("seed", .number(let number)), ("reasoning", .number(let number)):
            // Whole numbers as whole: `max_tokens: 512` must not read as "512.0".
            let text = number.isFinite && number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            try set(key, to: text)
        case ("temperature", .string(let text)), ("top_p", .string(let text)), ("max_tokens", .string(let text)),
            ("seed", .string(let text)), ("reasoning", .string(let text)):
            try set(key, to: text)
        case ("temperature", _), ("top_p", _), ("max_tokens", _), ("seed", _), ("reasoning", _):
            throw ParameterError("\(key) must be a number or a string, not \(value.summary)")
        default:
            try set(key, to: "")  // checks the name
            extra[key] = value
        }
    }

    private static func number(_ key: String, _ text: String, in range: ClosedRange<Double>) throws(ParameterError) -> Double {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ParameterError("\(key) must be a number from \(format(range.lowerBound)) to \(format(range.upperBound)), not \"\(text)\"")
        }
        return value
    }

    private static func count(_ key: String, _ text: String, in range: ClosedRange<Int>) throws(ParameterError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ParameterError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    static func reasoning(_ text: String) throws(ParameterError) -> Reasoning {
        if let effort = Effort(rawValue: text.lowercased()) { return .effort(effort) }
        if ["off", "none", "false", "0"].contains(text.lowercased()) { return .off }
        if let budget = Int(text), (1024...1_000_000).contains(budget) { return .budget(budget) }
        throw ParameterError("reasoning must be minimal, low, medium, high, off or a budget of 1024 to 1000000 thinking tokens, not \"\(text)\"")
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Thinking tokens for an effort, where an API wants a budget (Anthropic).
    public static func budget(for effort: Effort) -> Int {
        switch effort {
        case .minimal: return 1024
        case .low: return 2048
        case .medium: return 8192
        case .high: return 24_576
        }
    }

    /// The effort nearest a budget, where an API wants an effort (OpenAI).
    public static func effort(for budget: Int) -> Effort {
        budget <= 1024 ? .minimal : budget <= 4096 ? .low : budget <= 16_384 ? .medium : .high
    }
}

/// A parameter that cannot be set, said as the person should read it.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
