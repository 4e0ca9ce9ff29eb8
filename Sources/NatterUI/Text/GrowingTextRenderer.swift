import NatterProviders

/// Lines of a text that only grows (a reply while it streams), each rendered once: a line that has ended
/// keeps its rendering, and a frame styles only the unfinished last line, and of that, when it is prose, only
/// the words since its styling last settled (`GrowingParagraph`). Without this, every frame of a long reply
/// re-styled the whole reply, and streaming cost grew with the answer's length.
struct GrowingTextRenderer {
    enum Kind {
        /// A reply's text, as markdown.
        case markdown
        /// Shown as it is, in one style (reasoning).
        case plain(Style)
    }

    private let kind: Kind
    private let width: Int
    /// UTF-8 bytes of the text up to and including its last newline, already in `settledLines`.
    private var settledByteCount = 0
    private var settledLines: [StyledLine] = []
    private var settledState = MarkdownRenderer.State()
    /// The text after the last newline, sanitized, and the bytes of it as it came. Only what arrived since the
    /// previous frame is sanitized (controls are removed scalar by scalar, so pieces can be sanitized apart):
    /// sanitizing the whole of a long last line at every frame showed in the streaming profile.
    private var tail = ""
    private var tailSource = ""
    private var lastLine = GrowingParagraph()

    init(_ kind: Kind, width: Int) {
        self.kind = kind
        self.width = width
    }

    /// The lines of the text last given to `update`.
    private var tailLines: [StyledLine] = []

    /// The lines of the text last given to `update`, read in place.
    var lines: GrowingLines { GrowingLines(settled: settledLines, tail: tailLines) }

    /// Renders `text`; returns how many of its first lines are as they were after the previous update.
    @discardableResult
    mutating func update(_ text: String) -> Int {
        let bytes = text.utf8
        // A streaming text only grows, so the settled part is still there, ending at a newline. When it is
        // not (the text was replaced), start over.
        if settledByteCount > bytes.count
            || (settledByteCount > 0 && bytes[bytes.index(bytes.startIndex, offsetBy: settledByteCount - 1)] != 0x0A)
        {
            self = GrowingTextRenderer(kind, width: width)
        }
        let unchanged = settledLines.count
        let unsettled = bytes.index(bytes.startIndex, offsetBy: settledByteCount)
        var tailStart = unsettled
        // Lines that may be rows of a table still growing: a row to come can widen every column, so they are
        // laid out again with each frame until a line that is no row ends the table.
        var held: [Substring] = []
        if let lastNewline = bytes[unsettled...].lastIndex(of: 0x0A) {
            tailStart = bytes.index(after: lastNewline)
            var lineStart = unsettled
            var batch: [Substring] = []
            while lineStart < tailStart {
                let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A)!
                let line = Substring(TerminalText.sanitized(String(text[lineStart..<lineEnd])))
                lineStart = bytes.index(after: lineEnd)
                if case .markdown = kind, MarkdownRenderer.mayBeTableRow(line, state: settledState) {
                    batch.append(line)
                    continue
                }
                batch.append(line)
                settledLines += renderLines(batch, state: &settledState)
                batch = []
                settledByteCount = bytes.distance(from: bytes.startIndex, to: lineStart)
            }
            held = batch
        }
        let source = Substring(bytes[tailStart...])
        if source.hasUTF8Prefix(tailSource) {
            let arrived = Substring(source.utf8.dropFirst(tailSource.utf8.count))
            tail += TerminalText.sanitized(String(arrived))
            tailSource += arrived
        } else {
            tail = TerminalText.sanitized(String(source))
            tailSource = String(source)
        }
        if held.isEmpty, let paragraph = growingParagraph(tail[...]) {
            tailLines = lastLine.render(paragraph, width: width)
        } else {
            var state = settledState
            tailLines = renderLines(held + [tail[...]], state: &state)
        }
        return unchanged
    }

    private func renderLines(_ lines: [Substring], state: inout MarkdownRenderer.State) -> [StyledLine] {
        switch kind {
        case .markdown:
            return MarkdownRenderer.render(lines: lines, width: width, state: &state)
        case .plain(let style):
            return lines.flatMap { Paragraph(text: String($0), base: style, markdown: false).render(width: width) }
        }
    }

    private func growingParagraph(_ line: Substring) -> Paragraph? {
        switch kind {
        case .markdown: return MarkdownRenderer.growingParagraph(line, state: settledState)
        case .plain(let style): return Paragraph(text: String(line), base: style, markdown: false)
        }
    }
}
