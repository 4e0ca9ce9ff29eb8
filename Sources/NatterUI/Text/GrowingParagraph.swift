/// The last line of a reply while it streams, as wrapped lines. One paragraph can run to thousands of words,
/// and styling and wrapping all of it at every frame made frames cost more the longer it grew. This keeps a
/// wrapper fed with the part whose styling is settled (`InlineMarkdown.Settled`), and per frame styles and
/// wraps only the words since. The lines are exactly those `Paragraph.render` gives for the whole text.
struct GrowingParagraph {
    private var layout: Paragraph?
    private var width = 0
    /// The start of the paragraph's text that `wrapper` holds.
    private var settledText = ""
    private var wrapper = LineWrapper(width: 1)

    mutating func render(_ paragraph: Paragraph, width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        if paragraph.layout != layout || width != self.width || !paragraph.text.hasUTF8Prefix(settledText) {
            layout = paragraph.layout
            self.width = width
            settledText = ""
            wrapper = LineWrapper(width: width, indent: paragraph.indent)
            wrapper.append(contentsOf: paragraph.lead)
        }
        let unsettled = Substring(paragraph.text.utf8.dropFirst(settledText.utf8.count))
        var spans: StyledLine
        if paragraph.markdown {
            let parsed = InlineMarkdown.parse(unsettled, base: paragraph.base)
            spans = parsed.spans
            if let settled = parsed.settled {
                wrapper.append(contentsOf: spans[..<settled.spans])
                settledText += unsettled.prefix(settled.characters)
                spans.removeFirst(settled.spans)
            }
        } else {
            // Shown as it is, every character is final but the last, which the next may still join (an accent).
            let final = unsettled.dropLast()
            wrapper.append(Span(String(final), paragraph.base))
            settledText += final
            spans = unsettled.last.map { [Span(String($0), paragraph.base)] } ?? []
        }
        var finishing = wrapper
        finishing.append(contentsOf: spans)
        return finishing.lines()
    }
}
