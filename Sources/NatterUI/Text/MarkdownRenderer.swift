import NatterProviders

/// Markdown as a chat reply uses it, turned into wrapped, styled lines: headings, emphasis, inline code,
/// fenced code framed with its language, lists, quotes, links and rules. Unclosed markup (a reply still
/// streaming) renders as far as it goes, so styling never flickers as tokens arrive.
public enum MarkdownRenderer {
    public static func render(_ text: String, width: Int, base: Style = .plain) -> [StyledLine] {
        var state = State()
        return render(lines: TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false),
                      width: width, base: base, state: &state)
    }

    /// What one line's rendering depends on besides the line itself: whether it is inside a fenced block.
    /// Carrying it from line to line is what lets a streaming reply render only its new lines.
    public struct State: Sendable, Hashable {
        var inCode = false
        /// Code blocks so far: each frame is numbered, as `1`–`9` copy them in message selection.
        var codeBlocks = 0
        /// The open block's fence info (`swift`), and where its lexer left off at the end of the last line.
        var codeLanguage = ""
        var continuation = CodeLexer.Continuation.none
        public init() {}
    }

    /// Sanitized lines (no newline in any), continuing from `state`.
    static func render(lines: some Sequence<Substring>, width: Int, base: Style = .plain, state: inout State) -> [StyledLine] {
        guard width > 0 else { return [] }
        let lines = Array(lines)
        var output: [StyledLine] = []
        var index = 0
        while index < lines.count {
            let line = expandingTabs(lines[index])
            index += 1
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("```") {
                if state.inCode {
                    output.append(codeFrameEdge(top: false, language: nil, width: width))
                    state.inCode = false
                } else {
                    let language = trimmed.dropFirst(3).trimmingSpaces()
                    state.codeBlocks += 1
                    output.append(codeFrameEdge(top: true, language: language, number: state.codeBlocks, width: width))
                    state.inCode = true
                    state.codeLanguage = language
                    state.continuation = .none
                }
                continue
            }
            if state.inCode {
                output += codeLine(line, width: width, state: &state)
                continue
            }
            if MarkdownTable.isRow(trimmed), index < lines.count, let table = table(from: index - 1, of: lines, width: width, base: base) {
                output += table.lines
                index = table.end
                continue
            }
            output += block(line, trimmed: trimmed, width: width, base: base)
        }
        return output
    }

    /// A line of the open code block, coloured by its language when natter knows it.
    private static func codeLine(_ line: String, width: Int, state: inout State) -> [StyledLine] {
        let bar = Span("│ ", Style(.border))
        guard let language = CodeLanguage.named(state.codeLanguage) else {
            return hardWrap([Span(line, Style(.code, background: .codeBackground))], width: width, prefix: bar)
        }
        let (spans, next) = CodeLexer(language: language).lex(line, from: state.continuation)
        state.continuation = next
        return hardWrap(spans, width: width, prefix: bar)
    }

    /// The table starting at `start` (its header row), if the next line is its delimiter row: its lines, and
    /// the index of the first line after it.
    private static func table(from start: Int, of lines: [Substring], width: Int, base: Style) -> (lines: [StyledLine], end: Int)? {
        let header = MarkdownTable.cells(expandingTabs(lines[start]).trimmingSpaces())
        guard let alignments = MarkdownTable.alignments(expandingTabs(lines[start + 1]).trimmingSpaces()), alignments.count == header.count
        else { return nil }
        var rows: [[String]] = []
        var end = start + 2
        while end < lines.count {
            let trimmed = expandingTabs(lines[end]).trimmingSpaces()
            guard MarkdownTable.isRow(trimmed) else { break }
            rows.append(MarkdownTable.cells(trimmed))
            end += 1
        }
        guard let drawn = MarkdownTable.render(header: header, alignments: alignments, rows: rows, width: width, base: base) else { return nil }
        return (drawn, end)
    }

    /// Whether a line may still belong to a table: a growing text keeps a run of such lines unsettled, since
    /// a row still to come can change the width of every column.
    static func mayBeTableRow(_ rawLine: Substring, state: State) -> Bool {
        !state.inCode && MarkdownTable.isRow(expandingTabs(rawLine).trimmingSpaces())
    }

    private static func block(_ line: String, trimmed: String, width: Int, base: Style) -> [StyledLine] {
        if trimmed.isEmpty { return [[]] }
        if isRule(trimmed) {
            return [[Span(String(repeating: "─", count: width), Style(.border))]]
        }
        return paragraph(line, trimmed: trimmed, base: base).render(width: width)
    }

    /// `---`, `***` or `___` (three or more of one of them): a horizontal rule.
    static func isRule(_ trimmed: String) -> Bool {
        trimmed.count >= 3 && trimmed.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" }) && Set(trimmed).count == 1
    }

    /// A line of prose (not empty, not a rule, not code) as its kind lays it out: heading, quote, list item
    /// or plain paragraph.
    private static func paragraph(_ line: String, trimmed: String, base: Style) -> Paragraph {
        if let level = headingLevel(trimmed) {
            return Paragraph(text: trimmed.dropFirst(level).trimmingSpaces(), base: Style(.heading, [.bold]))
        }
        if trimmed.hasPrefix(">") {
            let bar = Span("│ ", Style(.quote))
            return Paragraph(lead: [bar], text: trimmed.dropFirst().trimmingSpaces(), base: Style(.quote, [.italic]), indent: [bar])
        }
        let leading = String(repeating: " ", count: line.prefix { $0 == " " }.count)
        if let (marker, rest) = listItem(trimmed) {
            let bullet = Span(leading + marker, Style(.accent))
            let hanging = Span(String(repeating: " ", count: DisplayWidth.of(leading + marker)), base)
            return Paragraph(lead: [bullet], text: rest, base: base, indent: [hanging])
        }
        return Paragraph(text: line, base: base)
    }

    /// How the last line of a growing text lays out, when it is prose whose kind no text still to come can
    /// change; nil otherwise (code, a rule, a line too short to tell), and the line is rendered whole.
    static func growingParagraph(_ rawLine: Substring, state: State, base: Style = .plain) -> Paragraph? {
        guard !state.inCode else { return nil }
        let line = expandingTabs(rawLine)
        let trimmed = line.trimmingSpaces()
        // Seven characters tell a heading (up to six #), a list item (up to "123. ") and a fence ("```") from
        // a paragraph; a character no rule is made of rules out a rule.
        guard trimmed.prefix(7).count == 7, !trimmed.hasPrefix("```"),
            trimmed.contains(where: { $0 != "-" && $0 != "*" && $0 != "_" })
        else { return nil }
        return paragraph(line, trimmed: trimmed, base: base)
    }

    /// Tabs as four spaces, for the width to be known. A byte search first: `contains("\t")` goes through
    /// Foundation's string search, which showed in the streaming profile.
    static func expandingTabs(_ line: Substring) -> String {
        line.utf8.contains(0x09) ? line.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : String(line)
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// A list item's marker as shown ("• ", "3. ") and its text.
    static func listItem(_ line: String) -> (String, String)? {
        for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
            return ("• ", String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
            return ("\(digits). ", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    private static func codeFrameEdge(top: Bool, language: String?, number: Int = 0, width: Int) -> StyledLine {
        let style = Style(.border)
        guard top else { return [Span("└" + String(repeating: "─", count: max(0, width - 1)), style)] }
        let label = "─ [\(number)]\((language?.isEmpty == false) ? " \(language!)" : "") "
        let fill = max(0, width - 1 - DisplayWidth.of(label))
        return [Span("┌" + label + String(repeating: "─", count: fill), style)]
    }

    /// Code keeps its spaces: it is cut at the width, not word-wrapped, each piece keeping its colour.
    private static func hardWrap(_ line: StyledLine, width: Int, prefix: Span) -> [StyledLine] {
        let inner = max(1, width - DisplayWidth.of(prefix.text))
        var lines: [StyledLine] = []
        var current: StyledLine = [prefix]
        var currentWidth = 0
        for span in line {
            var piece = ""
            for character in span.text {
                let cellWidth = DisplayWidth.of(character)
                if currentWidth + cellWidth > inner {
                    if !piece.isEmpty { current.append(Span(piece, span.style)) }
                    lines.append(current)
                    current = [prefix]
                    piece = ""
                    currentWidth = 0
                }
                piece.append(character)
                currentWidth += cellWidth
            }
            if !piece.isEmpty { current.append(Span(piece, span.style)) }
        }
        if current.count == 1 { current.append(Span("", Style(.code, background: .codeBackground))) }
        lines.append(current)
        return lines
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (not newlines). Foundation's `trimmingCharacters(in:)` goes
    /// through NSString on Linux, which showed in the streaming profile at every rendered line.
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { !($0.isWhitespace && !$0.isNewline) }) else { return "" }
        let last = lastIndex(where: { !($0.isWhitespace && !$0.isNewline) })!
        return String(self[first...last])
    }
}
