import Foundation

/// One value as one line of JSON, keys sorted so that output is stable for scripts and tests.
enum JSONLine {
    static func encode(_ value: some Encodable, snakeCaseKeys: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
