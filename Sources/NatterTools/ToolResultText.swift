import Foundation
import NatterProviders

/// What a tool's answer (`tools/call`'s result) becomes for the model and the transcript: its text, with
/// images, audio and resources named rather than inlined, cut at `longest` bytes. A result is untrusted
/// text; the screen, copies and exports sanitize it where they show it, as they do a model's.
enum ToolResultText {
    /// About 25,000 tokens: one huge result must not use up a model's context window (opencode #8277).
    static let longest = 100_000

    static func text(of result: JSONValue) -> String {
        var pieces: [String] = []
        if case .array(let content)? = result["content"] { pieces = content.compactMap(piece) }
        if pieces.isEmpty, let structured = result["structuredContent"],
            let json = try? JSONEncoder().encode(structured)
        {
            pieces = [String(decoding: json, as: UTF8.self)]  // a tool that answers only with structured data
        }
        return cut(pieces.joined(separator: "\n"))
    }

    /// One content block as text; a block of a kind MCP may add later is left out.
    private static func piece(_ block: JSONValue) -> String? {
        func string(_ key: String, in value: JSONValue? = nil) -> String? {
            if case .string(let text)? = (value ?? block)[key] { return text }
            return nil
        }
        switch string("type") {
        case "text": return string("text")
        case let kind? where kind == "image" || kind == "audio":
            let bytes = (string("data")?.utf8.count ?? 0) / 4 * 3
            return "[\(kind) \(string("mimeType") ?? "of no type"), \(bytes) bytes]"
        case "resource":
            let resource = block["resource"]
            return resource.flatMap { string("text", in: $0) } ?? "[resource \(resource.flatMap { string("uri", in: $0) } ?? "")]"
        case "resource_link": return "[\(string("name") ?? "resource"): \(string("uri") ?? "")]"
        default: return nil
        }
    }

    static func cut(_ text: String) -> String {
        let size = text.utf8.count
        guard size > longest else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: longest)
        while end > text.startIndex, end.samePosition(in: text.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        return String(text[..<end]) + "\n[natter: the result was cut here; it had \(size) bytes]"
    }
}
