/// Breaks styled text into lines no wider than a width, at spaces where it can and inside a word only when
/// the word alone is wider than the line.
public enum TextWrapper {
    private struct Glyph {
        var character: Character
        var style: Style
        var width: Int
    }

    /// - Parameters:
    ///   - indent: spans put before every line after the first (a hanging indent for list items, quote bars).
    public static func wrap(_ line: StyledLine, width: Int, indent: StyledLine = []) -> [StyledLine] {
        guard width > 0 else { return [] }
        let indentWidth = indent.reduce(0) { $0 + DisplayWidth.of($1.text) }
        var glyphs: [Glyph] = []
        for span in line {
            for character in span.text {
                glyphs.append(Glyph(character: character, style: span.style, width: DisplayWidth.of(character)))
            }
        }
        var lines: [StyledLine] = []
        var current: [Glyph] = []
        var currentWidth = 0
        var available = width
        /// Index in `current` just after the last space: where a break may go.
        var breakAfter: Int?

        func emit(_ glyphs: ArraySlice<Glyph>) {
            var spans: StyledLine = lines.isEmpty ? [] : indent
            for glyph in glyphs {
                if let last = spans.last, last.style == glyph.style, spans.count > (lines.isEmpty ? 0 : indent.count) {
                    spans[spans.count - 1].text.append(glyph.character)
                } else {
                    spans.append(Span(String(glyph.character), glyph.style))
                }
            }
            lines.append(spans)
            available = max(1, width - indentWidth)
        }

        for glyph in glyphs {
            if currentWidth + glyph.width > available, !current.isEmpty {
                if glyph.character == " " {
                    // A space at the edge ends the line and is dropped.
                    emit(current[...])
                    current = []
                    currentWidth = 0
                    breakAfter = nil
                    continue
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
            if glyph.width > available { continue }  // a wide character in a one-cell line cannot be shown
            current.append(glyph)
            currentWidth += glyph.width
            if glyph.character == " " { breakAfter = current.count }
        }
        if !current.isEmpty || lines.isEmpty { emit(current[...]) }
        return lines
    }
}
