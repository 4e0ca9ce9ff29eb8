/// The `---` block a role or a prompt template may open with: `KEY: VALUE` lines, each with its line number, and
/// the text after it. Shared so that both files read the same way and name a bad line alike.
///
///     ---
///     description: Review a diff
///     model: gpt-4.1
///     ---
///     the body…
public struct FrontMatter: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// Without the quotes a value may be written in.
        public var value: String
        /// From 1, as an editor counts.
        public var line: Int
    }

    public var entries: [Entry]
    /// The text after the block (all of it when there is none), its lines joined by "\n".
    public var body: String
    /// The line the body starts on, from 1.
    public var bodyLine: Int

    /// A line that is not `KEY: VALUE`, or a block never closed: the line and what was expected.
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var problem: String
    }

    public static func read(_ text: String) throws(Problem) -> FrontMatter {
        // By newline characters: "\r\n" is one Character, which a split at "\n" would not see.
        // A byte order mark some editors write first would hide the opening `---`.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            return FrontMatter(entries: [], body: lines.joined(separator: "\n"), bodyLine: 1)
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw Problem(line: 1, problem: "the front matter opened here is not closed with a line of ---")
        }
        var entries: [Entry] = []
        for index in 1..<close {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw Problem(line: index + 1, problem: "expected KEY: VALUE, found \"\(line.prefix(60))\"")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first { value = String(value.dropFirst().dropLast()) }
            entries.append(Entry(key: key, value: value, line: index + 1))
        }
        lines.removeSubrange(0...close)
        return FrontMatter(entries: entries, body: lines.joined(separator: "\n"), bodyLine: close + 2)
    }
}
