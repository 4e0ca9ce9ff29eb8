/// Breaks styled text into lines no wider than a width, at spaces where it can and inside a word only when
/// the word alone is wider than the line.
public enum TextWrapper {
    /// - Parameters:
    ///   - indent: spans put before every line after the first (a hanging indent for list items, quote bars).
    public static func wrap(_ line: StyledLine, width: Int, indent: StyledLine = []) -> [StyledLine] {
        guard width > 0 else { return [] }
        var wrapper = LineWrapper(width: width, indent: indent)
        for span in line { wrapper.append(span) }
        return wrapper.lines()
    }
}

/// Greedy wrapping fed a span at a time. A line, once ended, never changes whatever comes after it: so a
/// paragraph that is still growing can keep a wrapper fed with its settled part and wrap only what came since
/// (`GrowingParagraph`).
struct LineWrapper {
    private struct Glyph {
        var character: Character
        var style: Style
        var width: Int
    }

    private let width: Int
    private let indent: StyledLine
    private let indentWidth: Int
    private var ended: [StyledLine] = []
    private var current: [Glyph] = []
    private var currentWidth = 0
    private var available: Int
    /// Index in `current` just after the last space: where a break may go.
    private var breakAfter: Int?

    /// `width` must be positive.
    init(width: Int, indent: StyledLine = []) {
        self.width = width
        self.indent = indent
        indentWidth = indent.reduce(0) { $0 + DisplayWidth.of($1.text) }
        available = width
    }

    mutating func append(_ span: Span) {
        for character in span.text { append(Glyph(character: character, style: span.style, width: DisplayWidth.of(character))) }
    }

    mutating func append(contentsOf spans: some Sequence<Span>) {
        for span in spans { append(span) }
    }

    /// The lines so far, the unfinished last one included.
    func lines() -> [StyledLine] {
        guard !current.isEmpty || ended.isEmpty else { return ended }
        var copy = self
        copy.emit(current[...])
        return copy.ended
    }

    private mutating func append(_ glyph: Glyph) {
        if currentWidth + glyph.width > available, !current.isEmpty {
            if glyph.character == " " {
                // A space at the edge ends the line and is dropped.
                emit(current[...])
                current = []
                currentWidth = 0
                breakAfter = nil
                return
            }
            if let breakIndex = breakAfter {
                var head = current[..<breakIndex]
                while head.last?.character == " " { head = head.dropLast() }
                emit(head)
                current = Array(current[breakIndex...])
            } else {
                emit(current[...])
                current = []
            }
            currentWidth = current.reduce(0) { $0 + $1.width }
            breakAfter = nil
        }
        if glyph.width > available { return }  // a wide character in a one-cell line cannot be shown
        current.append(glyph)
        currentWidth += glyph.width
        if glyph.character == " " { breakAfter = current.count }
    }

    private mutating func emit(_ glyphs: ArraySlice<Glyph>) {
        var spans: StyledLine = ended.isEmpty ? [] : indent
        for glyph in glyphs {
            if let last = spans.last, last.style == glyph.style, spans.count > (ended.isEmpty ? 0 : indent.count) {
                spans[spans.count - 1].text.append(glyph.character)
            } else {
                spans.append(Span(String(glyph.character), glyph.style))
            }
        }
        ended.append(spans)
        available = max(1, width - indentWidth)
    }
}
