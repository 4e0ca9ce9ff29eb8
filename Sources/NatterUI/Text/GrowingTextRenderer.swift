import NatterProviders

/// Lines of a text that only grows (a reply while it streams), each rendered once: a line that has ended
/// keeps its rendering, and a frame styles only the unfinished last line. Without this, every frame of a
/// long reply re-styled the whole reply, and streaming cost grew with the answer's length.
struct GrowingTextRenderer {
    /// Renders sanitized lines (none holding a newline), continuing from the state the previous ones left.
    typealias RenderLines = ([Substring], inout MarkdownRenderer.State) -> [StyledLine]

    private let renderLines: RenderLines
    /// UTF-8 bytes of the text up to and including its last newline, already in `settledLines`.
    private var settledByteCount = 0
    private var settledLines: [StyledLine] = []
    private var settledState = MarkdownRenderer.State()

    init(_ renderLines: @escaping RenderLines) {
        self.renderLines = renderLines
    }

    mutating func render(_ text: String) -> [StyledLine] {
        let bytes = text.utf8
        // A streaming text only grows, so the settled part is still there, ending at a newline. When it is
        // not (the text was replaced), start over.
        if settledByteCount > bytes.count
            || (settledByteCount > 0 && bytes[bytes.index(bytes.startIndex, offsetBy: settledByteCount - 1)] != 0x0A)
        {
            self = GrowingTextRenderer(renderLines)
        }
        let unsettled = bytes.index(bytes.startIndex, offsetBy: settledByteCount)
        if let lastNewline = bytes[unsettled...].lastIndex(of: 0x0A) {
            let ended = TerminalText.sanitized(String(text[unsettled..<lastNewline]))
            settledLines += renderLines(ended.split(separator: "\n", omittingEmptySubsequences: false), &settledState)
            settledByteCount = bytes.distance(from: bytes.startIndex, to: lastNewline) + 1
        }
        let tail = TerminalText.sanitized(String(text[bytes.index(bytes.startIndex, offsetBy: settledByteCount)...]))
        var state = settledState
        return settledLines + renderLines([tail[...]], &state)
    }
}
