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
        public init() {}
    }

    /// Sanitized lines (no newline in any), continuing from `state`.
    static func render(lines: some Sequence<Substring>, width: Int, base: Style = .plain, state: inout State) -> [StyledLine] {
        guard width > 0 else { return [] }
        var output: [StyledLine] = []
        for rawLine in lines {
            let line = expandingTabs(rawLine)
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
                }
                continue
            }
            if state.inCode {
                let bar = Span("│ ", Style(.border))
                output += hardWrap([Span(line, Style(.code, background: .codeBackground))], width: width, prefix: bar)
                continue
            }
            output += block(line, trimmed: trimmed, width: width, base: base)
        }
        return output
    }

    private static func block(_ line: String, trimmed: String, width: Int, base: Style) -> [StyledLine] {
        if trimmed.isEmpty { return [[]] }
        if trimmed.count >= 3, trimmed.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" }), Set(trimmed).count == 1 {
            return [[Span(String(repeating: "─", count: width), Style(.border))]]
        }
        return paragraph(line, trimmed: trimmed, base: base).render(width: width)
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
    private static func expandingTabs(_ line: Substring) -> String {
        line.utf8.contains(0x09) ? line.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : String(line)
    }

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: String) -> (String, String)? {
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

    /// Code keeps its spaces: it is cut at the width, not word-wrapped.
    private static func hardWrap(_ line: StyledLine, width: Int, prefix: Span) -> [StyledLine] {
        let inner = max(1, width - DisplayWidth.of(prefix.text))
        var lines: [StyledLine] = []
        var current = ""
        var currentWidth = 0
        let style = line.first?.style ?? .plain
        for character in line.map(\.text).joined() {
            let cellWidth = DisplayWidth.of(character)
            if currentWidth + cellWidth > inner {
                lines.append([prefix, Span(current, style)])
                current = ""
                currentWidth = 0
            }
            current.append(character)
            currentWidth += cellWidth
        }
        lines.append([prefix, Span(current, style)])
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
