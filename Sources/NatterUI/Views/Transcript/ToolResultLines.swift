import NatterProviders

/// A tool message's results: untrusted text, sanitized, folded to a few lines until opened.
extension EntryLines {
    /// How many lines of each result a folded tool message shows.
    static let foldedResultLines = 3

    /// Each result under its call's name; folded, its first lines and how many more there are.
    static func toolResultLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for result in entry.toolResults {
            let mark = result.isError ? "✖ " : "↳ "
            lines += TextWrapper.wrap([Span(mark + TerminalText.singleLine(result.title, limit: 200), Style(result.isError ? .error : .accent))], width: width)
            // Untrusted text: sanitized, and only as much of it as is shown is split into lines.
            let (shownText, omitted) = shown(result.content)
            var body = TerminalText.sanitized(shownText).split(separator: "\n", omittingEmptySubsequences: false)
            while body.count > 1, body.last?.isEmpty == true { body.removeLast() }
            var hidden = 0
            if entry.folded, body.count > foldedResultLines {
                hidden = body.count - foldedResultLines
                body = Array(body.prefix(foldedResultLines))
            }
            lines += body.flatMap { TextWrapper.wrap([Span("  " + $0, Style(.muted))], width: width) }
            if hidden > 0 {
                lines += TextWrapper.wrap([Span("  … \(hidden) more line\(hidden == 1 ? "" : "s") (select it with Alt+↑, then o)", Style(.muted, [.italic]))], width: width)
            } else {
                lines += omittedNotice(omitted, width: width)
            }
        }
        return lines
    }
}
