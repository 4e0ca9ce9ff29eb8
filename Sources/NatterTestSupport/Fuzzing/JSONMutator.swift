import Foundation

/// Keeps a JSON document well-formed but wrong: a value of the wrong type or an absurd size at some key, a
/// key removed or added, an array emptied or grown. Byte damage mostly tests the JSON parser; this tests
/// what the loader does with a document that parses.
public enum JSONMutator {
    /// Values of every JSON type, and the sizes and texts that break careless conversions.
    // Immutable once built; `Any` only because JSONSerialization speaks it.
    nonisolated(unsafe) static let replacements: [Any] = [
        "8k", "", "default", "#zzzzzz", "#ffffff", "\u{1B}[2J\u{1B}]52;c;eA==\u{07}", "${UNSET_VARIABLE}", "${", "日本語 🙂",
        String(repeating: "long ", count: 400), 0, -1, 1.5, 255, 256, 8192, 1e15, 1e19, -1e19, 1e300, -1e300,
        Double.leastNonzeroMagnitude, true, false, NSNull(), [Any](), [String: Any](), ["x", 1], ["name": 1],
        deepArray(40), ["type": "header"],
    ]

    static func deepArray(_ depth: Int) -> Any {
        (0..<depth).reduce(1 as Any) { inner, _ in [inner] }
    }

    /// A mutated copy of `document`, serialized; nil when `document` is not JSON.
    public static func mutate(_ document: [UInt8], using generator: inout SplitMix64) -> [UInt8]? {
        guard var root = try? JSONSerialization.jsonObject(with: Data(document), options: [.fragmentsAllowed]) else {
            return nil
        }
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            root = mutateSomewhere(root, using: &generator)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.fragmentsAllowed]) else { return nil }
        return Array(data)
    }

    /// `count` mutated documents made from `seeds` once, for a fuzz loop to draw from: serializing JSON per
    /// input would cost more than the loader it tests.
    public static func pool(of seeds: [[UInt8]], count: Int, using generator: inout SplitMix64) -> [[UInt8]] {
        (0..<count).compactMap { _ in mutate(seeds.randomElement(using: &generator)!, using: &generator) }
    }

    /// Walks down to a random node (stopping early at random) and changes it.
    static func mutateSomewhere(_ value: Any, using generator: inout SplitMix64) -> Any {
        if var object = value as? [String: Any], !object.isEmpty, !generator.oneIn(4) {
            let key = object.keys.sorted().randomElement(using: &generator)!
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: object[key] = nil
            case 1: object["unknown_\(key)"] = replacements.randomElement(using: &generator)!
            default: object[key] = mutateSomewhere(object[key]!, using: &generator)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty, !generator.oneIn(4) {
            let index = Int.random(in: 0..<array.count, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: array.remove(at: index)
            case 1: array.append(array[index])
            default: array[index] = mutateSomewhere(array[index], using: &generator)
            }
            return array
        }
        return replacements.randomElement(using: &generator)!
    }
}
