/// A line of prose as its block lays it out: spans before its text (a bullet, a quote bar), the text itself,
/// styled as inline markdown or shown as it is, and the spans that start every wrapped line after the first.
struct Paragraph: Equatable {
    var lead: StyledLine = []
    var text: String
    var base: Style
    var indent: StyledLine = []
    /// False for text shown as it is (reasoning).
    var markdown = true

    func render(width: Int) -> [StyledLine] {
        let spans = markdown ? InlineMarkdown.spans(text, base: base) : [Span(text, base)]
        return TextWrapper.wrap(lead + spans, width: width, indent: indent)
    }

    /// The same paragraph but for its text: what decides whether a growing one can be continued.
    var layout: Paragraph {
        var layout = self
        layout.text = ""
        return layout
    }
}
