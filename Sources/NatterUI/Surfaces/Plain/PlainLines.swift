import NatterProviders
import NatterSession

/// A reply's markdown as lines a screen reader or a braille display can follow (SPEC 12, plain mode): a code block
/// announced ("code, swift:" … "end of code"), a table as "header: value" lines row by row, a heading said as one,
/// a rule dropped; the rest as written. Text arrives in pieces as it streams and leaves as whole lines, or, for a
/// long paragraph, in whole words: nothing is printed twice or taken back, and a table is held until it has ended
/// (its header names every row's cells).
///
/// Every line is cleaned of controls and escape sequences (whole): the text is a model's.
struct PlainLines: Sendable {
    /// What is not yet a whole line.
    private var pending = ""
    /// Of `pending`, what was already said as words of a long paragraph.
    private var pendingSaid = 0
    private var inCode = false
    /// A table's lines held until it ends: a table is told by its second line (the delimiter row).
    private var tableLines: [String] = []

    /// A paragraph this long with no line end yet is said up to its last space: a model's paragraph is one line,
    /// and waiting for its end left a listener in silence for many seconds.
    static let wordsAfter = 160

    /// Text as it streams; returns the lines it completes. Only the new text is scanned.
    mutating func add(_ text: String) -> [String] {
        var out: [String] = []
        // Lines end at a line feed (alone or after a carriage return); a lone carriage return in a model's text is
        // no line end, and is cleaned away with the other controls.
        var pieces = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        let last = pieces.removeLast()
        for piece in pieces {
            let line = pending + piece
            let said = pendingSaid
            pending = ""
            pendingSaid = 0
            out += take(String(line), alreadySaid: said)
        }
        pending += last
        out += wordsOfALongParagraph()
        return out
    }

    /// The reply has ended: what is left, and a code block or table left open, closed.
    mutating func finish() -> [String] {
        var out: [String] = []
        if !pending.isEmpty {
            out += take(pending, alreadySaid: pendingSaid)
            pending = ""
            pendingSaid = 0
        }
        out += flushTable()
        if inCode {
            out.append("end of code")
            inCode = false
        }
        return out
    }

    private mutating func wordsOfALongParagraph() -> [String] {
        guard !inCode, tableLines.isEmpty, pending.utf8.count - pendingSaid >= Self.wordsAfter,
            let first = pending.first, !"|`#".contains(first)
        else { return [] }
        let unsaid = pending.utf8.dropFirst(pendingSaid)
        guard let space = unsaid.lastIndex(of: UInt8(ascii: " ")) else { return [] }
        let words = String(decoding: unsaid[..<space], as: UTF8.self)
        pendingSaid = pending.utf8.distance(from: pending.utf8.startIndex, to: space) + 1
        return [Self.cleaned(words)]
    }

    /// A tab becomes spaces (removed as a control, it joined "name\tage" into one word).
    private static func cleaned(_ text: String) -> String {
        TerminalText.sanitized(UntrustedText.cleaned(text).replacingOccurrences(of: "\t", with: "    "), keepNewlines: false)
    }

    private mutating func take(_ raw: String, alreadySaid: Int) -> [String] {
        if alreadySaid > 0 {
            // The rest of a long paragraph whose first words were said.
            return [Self.cleaned(String(decoding: raw.utf8.dropFirst(alreadySaid), as: UTF8.self))]
        }
        let line = Self.cleaned(raw)
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("```") {
            var out = flushTable()
            if inCode {
                out.append("end of code")
            } else {
                let language = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                out.append(language.isEmpty ? "code:" : "code, \(language):")
            }
            inCode.toggle()
            return out
        }
        if inCode { return [line] }
        if MarkdownTable.isRow(trimmed) {
            // The first row waits for the second to say whether it heads a table.
            if tableLines.count == 1, MarkdownTable.alignments(trimmed) == nil {
                let held = tableLines[0]
                tableLines = [trimmed]
                return [held]
            }
            tableLines.append(trimmed)
            return []
        }
        var out = flushTable()
        if let level = MarkdownRenderer.headingLevel(trimmed) {
            out.append("heading \(level): " + trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))
        } else if !MarkdownRenderer.isRule(trimmed) {
            out.append(line)
        }
        return out
    }

    /// A table held so far, said row by row; lines that turned out not to be one, as they were.
    private mutating func flushTable() -> [String] {
        defer { tableLines = [] }
        guard tableLines.count >= 2, MarkdownTable.alignments(tableLines[1]) != nil else { return tableLines }
        let header = MarkdownTable.cells(tableLines[0])
        let rows = tableLines.dropFirst(2).map(MarkdownTable.cells)
        var out = ["table, \(rows.count) row\(rows.count == 1 ? "" : "s"):"]
        for (number, row) in rows.enumerated() {
            out.append("row \(number + 1):")
            for (index, cell) in row.enumerated() {
                let name = index < header.count ? header[index] : "column \(index + 1)"
                out.append("  \(name): \(cell)")
            }
        }
        out.append("end of table")
        return out
    }
}
