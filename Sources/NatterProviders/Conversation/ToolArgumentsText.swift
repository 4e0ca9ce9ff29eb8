import Foundation

/// A call's arguments as a person reads them: pretty JSON with sorted keys, or the text as the model wrote it
/// when it is not JSON.
public enum ToolArgumentsText {
    public static func pretty(_ arguments: String) -> String {
        guard let data = arguments.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return arguments }
        return String(decoding: pretty, as: UTF8.self)
    }

    /// One line: the JSON without its spaces, for a transcript line.
    public static func compact(_ arguments: String) -> String {
        guard let data = arguments.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let compact = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return arguments }
        return String(decoding: compact, as: UTF8.self)
    }
}
