import Foundation
import NatterProviders

/// How a conversation gets its title (SPEC 14, config.json's `titles` and `title_model`).
public struct TitlePolicy: Sendable, Hashable {
    /// `model`: after the first exchange, a few words asked of a model; `first-message`: the person's first
    /// message stands as the title; `off`: the same, and nothing is ever asked.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case model
        case firstMessage = "first-message"
        case off
    }

    public var source: Source
    /// The model asked; nil asks the conversation's own.
    public var model: Origin?

    public init(source: Source = .firstMessage, model: Origin? = nil) {
        self.source = source
        self.model = model
    }

    /// What the model is asked, with the conversation's first exchange.
    static let instructions = "Write a title of three to six words for this conversation. Answer with the title alone: no quotes, no punctuation at the end."

    /// The model's answer as a title: its first non-blank line, without the quotes, markdown marks and final stop
    /// small models add, cut to 60 characters at a word; nil when nothing is left.
    static func cleaned(_ answer: String) -> String? {
        guard let line = answer.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        var title = String(line).trimmingCharacters(in: .whitespaces)
        for prefix in ["Title:", "title:", "#"] where title.hasPrefix(prefix) { title = String(title.dropFirst(prefix.count)) }
        // Marks and a final stop, in whatever order a model nests them ("**Title**." or "\"Title.\"").
        let marks = CharacterSet(charactersIn: " \t\"'`*_“”‘’«»")
        var previous = ""
        while previous != title {
            previous = title
            title = title.trimmingCharacters(in: marks)
            while let last = title.last, ".:;,".contains(last) { title.removeLast() }
        }
        title = TerminalText.singleLine(title, limit: 200).trimmingCharacters(in: .whitespaces)
        if title.count > 60 {
            let cut = title.prefix(60)
            title = (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
        }
        return title.isEmpty ? nil : title
    }
}
