/// What a model charges (SPEC 11): US dollars per million tokens, as provider files write it
/// (`models[].cost: {"input": 3, "output": 15}`). A price is known or it is not: a model without one costs
/// nothing anyone can say, and is shown as nothing rather than as $0.
public struct ModelCost: Sendable, Hashable, Codable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double
    /// Prompt-cache prices (`cache_read`, `cache_write`, the names models.dev uses); nil when not known.
    public var cacheReadPerMillion: Double?
    public var cacheWritePerMillion: Double?

    /// nil unless every price is finite, not negative and below $100,000 per million tokens: a price comes
    /// from a file anyone could have written, and is multiplied before it is shown.
    public init?(input: Double, output: Double, cacheRead: Double? = nil, cacheWrite: Double? = nil) {
        guard Self.isPrice(input), Self.isPrice(output), cacheRead.map(Self.isPrice) ?? true, cacheWrite.map(Self.isPrice) ?? true else { return nil }
        inputPerMillion = input
        outputPerMillion = output
        cacheReadPerMillion = cacheRead
        cacheWritePerMillion = cacheWrite
    }

    static func isPrice(_ value: Double) -> Bool { value.isFinite && value >= 0 && value < 100_000 }

    private enum CodingKeys: String, CodingKey {
        case input, output
        case cacheRead = "cache_read", cacheWrite = "cache_write"
    }

    /// Read back from the model-list cache, checked as a file's prices are.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let input = try container.decode(Double.self, forKey: .input)
        let output = try container.decode(Double.self, forKey: .output)
        let cacheRead = try container.decodeIfPresent(Double.self, forKey: .cacheRead)
        let cacheWrite = try container.decodeIfPresent(Double.self, forKey: .cacheWrite)
        guard Self.isPrice(input), Self.isPrice(output), cacheRead.map(Self.isPrice) ?? true, cacheWrite.map(Self.isPrice) ?? true else {
            throw DecodingError.dataCorruptedError(forKey: .input, in: container, debugDescription: "not a price")
        }
        inputPerMillion = input
        outputPerMillion = output
        cacheReadPerMillion = cacheRead
        cacheWritePerMillion = cacheWrite
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputPerMillion, forKey: .input)
        try container.encode(outputPerMillion, forKey: .output)
        try container.encodeIfPresent(cacheReadPerMillion, forKey: .cacheRead)
        try container.encodeIfPresent(cacheWritePerMillion, forKey: .cacheWrite)
    }

    /// What a reply with this usage cost, and whether that is an estimate (cached tokens priced as input for
    /// want of a cache price); nil when the provider counted neither side.
    public func price(_ usage: Usage) -> (dollars: Double, isEstimate: Bool)? {
        guard usage.inputTokens != nil || usage.outputTokens != nil else { return nil }
        let read = Double(usage.cacheReadTokens ?? 0)
        let written = Double(usage.cacheWriteTokens ?? 0)
        // Cached tokens are part of the input count; what is left is billed at the input price.
        let plain = max(0, Double(usage.inputTokens ?? 0) - read - written)
        let estimate = (read > 0 && cacheReadPerMillion == nil) || (written > 0 && cacheWritePerMillion == nil)
        let dollars = plain * inputPerMillion + read * (cacheReadPerMillion ?? inputPerMillion) + written * (cacheWritePerMillion ?? inputPerMillion)
            + Double(usage.outputTokens ?? 0) * outputPerMillion
        return (dollars / 1_000_000, estimate)
    }

    public func dollars(for usage: Usage) -> Double? { price(usage)?.dollars }

    /// The prices when cache writes live an hour (a provider file's `"prompt_cache": "1h"`): Anthropic bills
    /// those at twice the input price, against 1.25× for five minutes. A file's `cache_write` is the
    /// five-minute price (the one models.dev lists), so the hour's is made from the input price.
    public var withOneHourCacheWrites: ModelCost {
        var cost = self
        cost.cacheWritePerMillion = inputPerMillion * 2
        return cost
    }
}

/// Amounts of money as natter shows them: cents for a dollar amount ("$1.24", "$0.03"), two significant
/// digits below a cent ("$0.00095"), so a cheap exchange reads as what it cost rather than as $0.00.
public enum DollarAmount {
    public static func text(_ dollars: Double) -> String {
        guard dollars.isFinite, dollars >= 0 else { return "" }
        if dollars == 0 { return "$0" }
        if dollars < 1e-9 { return "<$0.000000001" }
        if dollars >= 0.01 {
            let cents = (dollars * 100).rounded()
            guard cents < 1e15 else { return "$\(Int(dollars))" }
            let whole = Int(cents) / 100
            let rest = Int(cents) % 100
            return "$\(Quantities.count(whole)).\(rest < 10 ? "0" : "")\(rest)"
        }
        // Below a cent: the first two significant digits, as many zeros before them as it takes.
        var places = 2
        while dollars * pow10(places) < 10, places < 12 { places += 1 }
        let scaled = (dollars * pow10(places)).rounded()
        var digits = String(Int(scaled))
        // Rounding can carry into one more digit (0.0099996 → 100 at 4 places): one place fewer then.
        if digits.count > 2 { places -= 1; digits = String(Int((dollars * pow10(places)).rounded())) }
        let zeros = String(repeating: "0", count: max(0, places - digits.count))
        return "$0." + zeros + digits.trimmingTrailingZeros
    }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}

extension String {
    fileprivate var trimmingTrailingZeros: String {
        var text = self
        while text.count > 1, text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
