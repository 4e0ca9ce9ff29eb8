import Foundation
import NatterProviders

/// One value as one line of JSON, keys sorted so that output is stable for scripts and tests.
enum JSONLine {
    static func encode(_ value: some Encodable, snakeCaseKeys: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        guard let data = try? encoder.encode(value) else { return "{}" }
        return escapingUnsafeScalars(String(decoding: data, as: UTF8.self))
    }

    /// JSONEncoder escapes C0 controls but passes C1 controls (U+009B is a CSI on some terminals), bidi
    /// overrides and tag characters through raw: printed on a terminal, model text could still steer it.
    /// As `\uXXXX` escapes they mean the same to any JSON reader. They can only stand inside strings.
    static func escapingUnsafeScalars(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { TerminalText.isUnsafe($0) }) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            if TerminalText.isUnsafe(scalar) {
                result += scalar.utf16.map { String(format: "\\u%04x", $0) }.joined()
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
