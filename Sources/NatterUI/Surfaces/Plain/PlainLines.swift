import NatterProviders
import NatterSession

/// A reply's markdown as lines a screen reader or a braille display can follow (SPEC 12, plain mode): a code block
/// announced ("code, swift:" … "end of code"), a table as "header: value" lines row by row, a heading said as one,
/// a rule dropped; the rest as written. Text arrives in pieces as it streams and leaves only as whole lines: a
/// line is never printed twice or taken back, and a table is held until it has ended (its header names every
/// row's cells).
///
/// Every line is cleaned of controls and escape sequences: the text is a model's.
struct PlainLines: Sendable {
    /// What is not yet a whole line.
    private var pending = ""
    private var inCode = false
    /// A table's lines held until it ends: a table is told by its second line (the delimiter row).
    private var tableLines: [String] = []

    /// Text as it streams; returns the lines it completes.
    mutating func add(_ text: String) -> [String] {
        pending += text
        var out: [String] = []
        while let newline = pending.firstIndex(where: \.isNewline) {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            out += take(line)
        }
        return out
    }

    /// The reply has ended: what is left, and a code block or table left open, closed.
    mutating func finish() -> [String] {
        var out: [String] = []
        if !pending.isEmpty {
            out += take(pending)
            pending = ""
        }
        out += flushTable()
        if inCode {
            out.append("end of code")
            inCode = false
        }
        return out
    }

    private mutating func take(_ raw: String) -> [String] {
        let line = TerminalText.sanitized(UntrustedText.cleaned(raw), keepNewlines: false)
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
