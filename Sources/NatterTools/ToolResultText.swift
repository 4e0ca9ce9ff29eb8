import MCP
import NatterProviders

/// What a tool's answer becomes for the model and the transcript: its text, with images, audio and
/// resources named rather than inlined, cut at `longest` bytes. A result is untrusted text; the screen,
/// copies and exports sanitize it where they show it, as they do a model's.
enum ToolResultText {
    /// About 25,000 tokens: one huge result must not use up a model's context window (opencode #8277).
    static let longest = 100_000

    static func text(of content: [Tool.Content]) -> String {
        let pieces = content.map { item -> String in
            switch item {
            case .text(let text, _, _): return text
            case .image(let data, let mimeType, _, _): return "[image \(mimeType), \(data.utf8.count * 3 / 4) bytes]"
            case .audio(let data, let mimeType, _, _): return "[audio \(mimeType), \(data.utf8.count * 3 / 4) bytes]"
            case .resource(let resource, _, _): return resource.text ?? "[resource \(resource.uri)]"
            case .resourceLink(let uri, let name, _, _, _, _): return "[\(name): \(uri)]"
            }
        }
        return cut(pieces.joined(separator: "\n"))
    }

    static func cut(_ text: String) -> String {
        let size = text.utf8.count
        guard size > longest else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: longest)
        while end > text.startIndex, end.samePosition(in: text.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        return String(text[..<end]) + "\n[natter: the result was cut here; it had \(size) bytes]"
    }
}
