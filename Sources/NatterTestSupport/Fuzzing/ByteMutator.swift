/// Damages valid input the ways real input goes wrong: bits flipped, cut short, two files spliced, line ends
/// and NULs and invalid UTF-8 inserted, numbers too big for any integer, nesting too deep, runs repeated or
/// lost. Mutating valid seeds reaches far deeper into a parser than random bytes, which fail at byte one.
public enum ByteMutator {
    /// Byte strings worth inserting: line ends of every kind, NUL, invalid and truncated UTF-8, a BOM,
    /// JSON's awkward numbers and escapes, and the structural characters a parser must balance.
    static let tokens: [[UInt8]] = [
        [0x0D], [0x0A], [0x0D, 0x0A], [0x00], [0xFF], [0xC3], [0xE6, 0x97], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80],
        [0xEF, 0xBB, 0xBF], [0xC0, 0x80],
    ] + [
        "1e999", "-1e999", "99999999999999999999", "-9223372036854775809", "18446744073709551616", "1e19", "-0",
        "0.0000001", "NaN", "Infinity", "null", "true", "false", "\"\"", "[]", "{}", "\"8k\"", "\\u0000", "\\ud800",
        "\\uDFFF\\uD800", "\\", "\"", ",", ":", "[", "]", "{", "}", "data: ", "event: ", ": ping", "\n\n", "\r\r",
        "data: [DONE]\n\n", "{\"type\":\"message_stop\"}", "\"done\":true", String(repeating: "[", count: 600),
        String(repeating: "{\"a\":", count: 300), String(repeating: "x", count: 3000),
    ].map { Array($0.utf8) }

    /// One to `maxSteps` random mutations of `input`; `others` are spliced in from time to time.
    public static func mutate(_ input: [UInt8], others: [[UInt8]], maxSteps: Int = 4, using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...maxSteps, using: &generator) {
            step(&bytes, others: others, using: &generator)
        }
        return bytes
    }

    static func step(_ bytes: inout [UInt8], others: [[UInt8]], using generator: inout SplitMix64) {
        let position = Int.random(in: 0...bytes.count, using: &generator)
        switch Int.random(in: 0..<10, using: &generator) {
        case 0 where !bytes.isEmpty:  // flip one bit
            let index = min(position, bytes.count - 1)
            bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1 where !bytes.isEmpty:  // replace a byte with any byte
            bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &generator)
        case 2:  // cut short
            bytes.removeSubrange(position...)
        case 3, 4:  // insert a token
            bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: position)
        case 5 where !bytes.isEmpty:  // lose a run
            let end = min(bytes.count, position + Int.random(in: 1...32, using: &generator))
            bytes.removeSubrange(position..<end)
        case 6 where !bytes.isEmpty:  // repeat a run
            let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        case 7:  // splice: this input's head onto another's tail
            guard let other = others.randomElement(using: &generator), !other.isEmpty else { return }
            let cut = Int.random(in: 0...other.count, using: &generator)
            bytes = Array(bytes[..<position]) + other[cut...]
        case 8 where !bytes.isEmpty:  // overwrite a digit with a long run of digits
            guard let digit = bytes[position...].firstIndex(where: { (0x30...0x39).contains($0) }) else { return }
            bytes.insert(contentsOf: [UInt8](repeating: 0x39, count: Int.random(in: 10...400, using: &generator)), at: digit)
        default:  // a random byte
            bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
        }
    }

    /// `bytes` cut into pieces at random points (some empty), as network reads would deliver them.
    public static func randomSplits(_ bytes: [UInt8], using generator: inout SplitMix64) -> [ArraySlice<UInt8>] {
        let cutCount = Int.random(in: 1...6, using: &generator)
        let cuts = (0..<cutCount).map { _ in Int.random(in: 0...bytes.count, using: &generator) }.sorted()
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts {
            pieces.append(bytes[start..<cut])
            start = cut
        }
        pieces.append(bytes[start...])
        return pieces
    }
}
