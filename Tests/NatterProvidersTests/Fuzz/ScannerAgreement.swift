import Foundation
import NatterTestSupport

/// What every fast path over `JSONScanner` must hold to: it is only ever a faster way to what `JSONDecoder`
/// gives. Seeds are damaged byte by byte and reshaped key by key; whenever the scanner answers, JSONDecoder
/// must accept the same text and decode the same value.
enum ScannerAgreement {
    static func decoded<Value: Decodable>(_ text: String, as type: Value.Type) -> Value? {
        try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    /// The disagreements found, described (none is the pass).
    static func disagreements<Value: Decodable & Equatable & Sendable>(
        seeds: [String], scanned: @escaping @Sendable (String) -> Value?
    ) async -> [String] {
        let seedBytes = seeds.map { Array($0.utf8) }
        return await FuzzRun().run { generator in
            let seed = seedBytes.randomElement(using: &generator)!
            let input = generator.oneIn(2)
                ? ByteMutator.mutate(seed, others: seedBytes, using: &generator) : (JSONMutator.mutate(seed, using: &generator) ?? seed)
            let text = String(decoding: input, as: UTF8.self)
            guard let fast = scanned(text) else { return nil }
            let slow = decoded(text, as: Value.self)
            return fast == slow ? nil : "\(text): scanned \(fast), JSONDecoder gave \(String(describing: slow))"
        }
    }
}
