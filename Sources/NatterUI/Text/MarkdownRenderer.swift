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
        public init() {}
    }

    /// Sanitized lines (no newline in any), continuing from `state`.
    static func render(lines: some Sequence<Substring>, width: Int, base: Style = .plain, state: inout State) -> [StyledLine] {
        guard width > 0 else { return [] }
        var output: [StyledLine] = []
        for rawLine in lines {
            // A byte search: `contains("\t")` goes through Foundation's string search, which showed in the profile.
            let line = rawLine.utf8.contains(0x09) ? rawLine.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : String(rawLine)
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("```") {
                if state.inCode {
                    output.append(codeFrameEdge(top: false, language: nil, width: width))
                    state.inCode = false
                } else {
                    let language = trimmed.dropFirst(3).trimmingSpaces()
                    output.append(codeFrameEdge(top: true, language: language, width: width))
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
        if let level = headingLevel(trimmed) {
            let title = trimmed.dropFirst(level).trimmingSpaces()
            return TextWrapper.wrap(inline(title, base: Style(.heading, [.bold])), width: width)
        }
        if trimmed.count >= 3, trimmed.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" }), Set(trimmed).count == 1 {
            return [[Span(String(repeating: "─", count: width), Style(.border))]]
        }
        if trimmed.hasPrefix(">") {
            let quoted = trimmed.dropFirst().trimmingSpaces()
            let bar = Span("│ ", Style(.quote))
            return TextWrapper.wrap([bar] + inline(quoted, base: Style(.quote, [.italic])), width: width, indent: [bar])
        }
        let leading = String(repeating: " ", count: line.prefix { $0 == " " }.count)
        if let (marker, rest) = listItem(trimmed) {
            let bullet = Span(leading + marker, Style(.accent))
            let hanging = Span(String(repeating: " ", count: DisplayWidth.of(leading + marker)), base)
            return TextWrapper.wrap([bullet] + inline(rest, base: base), width: width, indent: [hanging])
        }
        return TextWrapper.wrap(inline(line, base: base), width: width)
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

    private static func codeFrameEdge(top: Bool, language: String?, width: Int) -> StyledLine {
        let style = Style(.border)
        guard top else { return [Span("└" + String(repeating: "─", count: max(0, width - 1)), style)] }
        let label = (language?.isEmpty == false) ? "─ \(language!) " : ""
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

    /// Emphasis, code spans and links inside one line.
    static func inline(_ text: String, base: Style) -> StyledLine {
        var spans: StyledLine = []
        var bold = false
        var italic = false
        var buffer = ""
        var characters = Array(text)
        var index = 0

        func style() -> Style {
            var style = base
            if bold { style = style.with(.bold) }
            if italic { style = style.with(.italic) }
            return style
        }
        func flush() {
            guard !buffer.isEmpty else { return }
            spans.append(Span(buffer, style()))
            buffer = ""
        }

        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "`" {
                if let close = characters[(index + 1)...].firstIndex(of: "`") {
                    flush()
                    spans.append(Span(String(characters[(index + 1)..<close]), Style(.code, background: .codeBackground)))
                    index = close + 1
                    continue
                }
            } else if (character == "*" && next == "*") || (character == "_" && next == "_") {
                flush()
                bold.toggle()
                index += 2
                continue
            } else if character == "*" || (character == "_" && isBoundary(characters, index)) {
                if italic || characters[(index + 1)...].contains(character), next != " " || italic {
                    flush()
                    italic.toggle()
                    index += 1
                    continue
                }
            } else if character == "[", let link = parseLink(characters, from: index) {
                flush()
                spans.append(Span(link.text, Style(.link, [.underline])))
                if link.url != link.text { spans.append(Span(" (\(link.url))", Style(.muted))) }
                index = link.end
                continue
            }
            buffer.append(character)
            index += 1
        }
        flush()
        characters.removeAll()
        return spans
    }

    /// `_` marks emphasis only at a word's edge, so snake_case stays as written.
    private static func isBoundary(_ characters: [Character], _ index: Int) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = index + 1 < characters.count ? characters[index + 1] : " "
        return !before.isLetter && !before.isNumber || !after.isLetter && !after.isNumber
    }

    private static func parseLink(_ characters: [Character], from start: Int) -> (text: String, url: String, end: Int)? {
        guard let closeText = characters[start...].firstIndex(of: "]"), closeText + 1 < characters.count,
            characters[closeText + 1] == "(", let closeURL = characters[(closeText + 1)...].firstIndex(of: ")")
        else { return nil }
        return (String(characters[(start + 1)..<closeText]), String(characters[(closeText + 2)..<closeURL]), closeURL + 1)
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
