/// Emphasis, code spans and links inside one line of markdown.
///
/// Some markers decide by looking ahead: a `*` is emphasis only if another follows, a backtick opens code only
/// if it is closed, `[` is a link only once `](…)` completes it. So while a line is still growing, its styling
/// can change back to where such a marker stands. `settled` tells how much of it cannot: a point after a
/// space, outside any emphasis, before which no decision waited on text still to come. A growing paragraph
/// keeps what lies before that point and styles only what follows (`GrowingParagraph`).
enum InlineMarkdown {
    /// Where a line's styling is final: the first `characters` characters are styled by the first `spans`
    /// spans, and text appended to the line can change neither.
    struct Settled: Equatable {
        var characters: Int
        var spans: Int
    }

    static func spans(_ text: some StringProtocol, base: Style) -> StyledLine {
        parse(text, base: base).spans
    }

    static func parse(_ text: some StringProtocol, base: Style) -> (spans: StyledLine, settled: Settled?) {
        var spans: StyledLine = []
        var bold = false
        var italic = false
        var buffer = ""
        var bufferCount = 0
        var characters = Array(text)
        var index = 0
        // The last point whose styling is final, in characters, in spans and in the characters of `buffer`
        // before it; and whether a decision already waits on text to come (no later point is final then).
        var settled: (characters: Int, spans: Int, buffered: Int)?
        var waiting = false
        var ahead = NextPlace()

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
            bufferCount = 0
        }

        while index < characters.count {
            if !waiting, !bold, !italic, index > 0, characters[index - 1] == " " {
                settled = (index, spans.count, bufferCount)
            }
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "`" {
                if let close = ahead.of("`", after: index, in: characters) {
                    flush()
                    spans.append(Span(String(characters[(index + 1)..<close]), Style(.code, background: .codeBackground)))
                    index = close + 1
                    continue
                }
                waiting = true  // a closing backtick may come
            } else if (character == "*" && next == "*") || (character == "_" && next == "_") {
                flush()
                bold.toggle()
                index += 2
                continue
            } else if character == "*" || (character == "_" && isBoundary(characters, index)) {
                let closes = ahead.of(character, after: index, in: characters) != nil
                if italic || closes, next != " " || italic {
                    flush()
                    italic.toggle()
                    index += 1
                    continue
                }
                // Left as written for now; a second marker (or, at the end, the character after) may change that.
                if next != " " { waiting = true }
            } else if character == "[" {
                switch parseLink(characters, from: index, &ahead) {
                case .link(let text, let url, let end):
                    flush()
                    spans.append(Span(text, Style(.link, [.underline])))
                    if url != text { spans.append(Span(" (\(url))", Style(.muted))) }
                    index = end
                    continue
                case .never: break
                case .notYet: waiting = true
                }
            }
            buffer.append(character)
            bufferCount += 1
            index += 1
        }
        flush()
        characters.removeAll()
        let final = settled.map { split(&spans, at: $0) }
        return (spans, final)
    }

    /// Makes a span boundary at the settled point (which may fall inside the span the buffer became).
    private static func split(_ spans: inout StyledLine, at point: (characters: Int, spans: Int, buffered: Int)) -> Settled {
        guard point.buffered > 0, point.spans < spans.count else { return Settled(characters: point.characters, spans: point.spans) }
        let span = spans[point.spans]
        let cut = span.text.index(span.text.startIndex, offsetBy: point.buffered)
        guard cut < span.text.endIndex else { return Settled(characters: point.characters, spans: point.spans + 1) }
        spans[point.spans] = Span(String(span.text[..<cut]), span.style)
        spans.insert(Span(String(span.text[cut...]), span.style), at: point.spans + 1)
        return Settled(characters: point.characters, spans: point.spans + 1)
    }

    /// `_` marks emphasis only at a word's edge, so snake_case stays as written.
    private static func isBoundary(_ characters: [Character], _ index: Int) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = index + 1 < characters.count ? characters[index + 1] : " "
        return !before.isLetter && !before.isNumber || !after.isLetter && !after.isNumber
    }

    private enum LinkParse {
        case link(text: String, url: String, end: Int)
        /// Not a link, whatever follows.
        case never
        /// Not a link yet: the text so far ends before `](…)` could.
        case notYet
    }

    private static func parseLink(_ characters: [Character], from start: Int, _ ahead: inout NextPlace) -> LinkParse {
        guard let closeText = ahead.of("]", after: start, in: characters), closeText + 1 < characters.count else { return .notYet }
        guard characters[closeText + 1] == "(" else { return .never }
        guard let closeURL = ahead.of(")", after: closeText + 1, in: characters) else { return .notYet }
        return .link(text: String(characters[(start + 1)..<closeText]), url: String(characters[(closeText + 2)..<closeURL]), end: closeURL + 1)
    }
}

/// Where a marker next occurs after a place in a line, for a parse that asks as it moves forward: each answer is
/// kept and given again until the parse passes it. Searching to the line's end afresh at each marker made a line
/// of 200,000 `[` (or backticks, or asterisks) take 200,000 scans of the line.
struct NextPlace {
    /// The last search for a marker: from where, and what it found (nil: nothing after `from`).
    private struct Search {
        var from: Int
        var found: Int?
    }

    private var searches: [(marker: Character, search: Search)] = []

    /// The first place after `index` (not at it) where `marker` stands.
    mutating func of(_ marker: Character, after index: Int, in characters: [Character]) -> Int? {
        let start = index + 1
        if let known = searches.firstIndex(where: { $0.marker == marker }) {
            let search = searches[known].search
            if search.from <= start {
                // Nothing between `from` and what it found: the answer stands for any start up to it.
                guard let found = search.found else { return nil }
                if found >= start { return found }
            }
            let found = start < characters.count ? characters[start...].firstIndex(of: marker) : nil
            searches[known].search = Search(from: start, found: found)
            return found
        }
        let found = start < characters.count ? characters[start...].firstIndex(of: marker) : nil
        searches.append((marker, Search(from: start, found: found)))
        return found
    }
}
