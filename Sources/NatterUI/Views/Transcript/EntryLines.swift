import NatterProviders

/// One transcript entry as styled lines, by its kind: a message's label and body, natter's notices and
/// guides; replies and tool results have files of their own. The layout cache (`TranscriptLayout`) keeps
/// what this returns; nothing here is cached.
enum EntryLines {
    static let reasoningStyle = Style(.reasoning, [.dim, .italic])

    static func reasoningLines(_ lines: [Substring], width: Int) -> [StyledLine] {
        lines.flatMap { Paragraph(text: String($0), base: reasoningStyle, markdown: false).render(width: width) }
    }

    /// The most of one reasoning text, or of a message not cut into segments, that is laid out on screen: past
    /// it the screen shows the start and says how much more there is. Message text is cut into segments
    /// instead (`LongText`), so this guards only what has no segments (reasoning, a reply still streaming).
    static let displayLimit = LongText.threshold

    /// The text to lay out, and how many bytes of it are left out.
    static func shown(_ text: String) -> (text: String, omitted: Int) {
        let bytes = text.utf8.count
        guard bytes > displayLimit else { return (text, 0) }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: displayLimit)
        while end > text.utf8.startIndex, UTF8.isContinuation(text.utf8[end]) { end = text.utf8.index(before: end) }
        let head = String(decoding: text.utf8[..<end], as: UTF8.self)
        return (head, bytes - head.utf8.count)
    }

    static func omittedNotice(_ omitted: Int, width: Int) -> [StyledLine] {
        guard omitted > 0 else { return [] }
        return TextWrapper.wrap(
            [Span("… \(Quantities.bytes(omitted)) more not shown here (`natter show` and exports have all of it)", Style(.muted))],
            width: width)
    }

    /// One piece of a long message: plain lines (markdown is not worth its cost, or its risk of a fence split
    /// between pieces, at this size); the header and a note on the first piece, the ending on the last.
    private static func render(_ entry: TranscriptEntry, segment: Segment, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let role: ColorRole = entry.kind == .assistant ? .assistant : entry.kind == .user ? .user : .muted
        if segment.isFirst {
            lines.append(headerLine(entry, role: role, width: width))
            let size = Quantities.bytes(entry.text.utf8.count)
            lines += TextWrapper.wrap([Span("(\(size), shown as plain text)", Style(.muted))], width: width)
            if !entry.reasoning.isEmpty {
                lines += reasoningLines(TerminalText.sanitized(shown(entry.reasoning).text).split(separator: "\n", omittingEmptySubsequences: false), width: width)
            }
        }
        lines += TerminalText.sanitized(String(entry.text[segment.range])).split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TextWrapper.wrap([Span(String($0))], width: width) }
        guard segment.isLast else { return lines }
        return lines + extraLines(entry, width: width) + endingLines(entry, width: width) + [[]]
    }

    /// One entry as lines: a label, dimmed reasoning, the body (markdown for replies), how it ended, a gap.
    static func render(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        if let segment = entry.segment { return render(entry, segment: segment, width: width) }
        let (text, omitted) = shown(entry.text)
        switch entry.kind {
        case .notice:
            return TextWrapper.wrap([Span("── " + TerminalText.sanitized(text) + " ──", Style(.muted))], width: width) + [[]]
        case .guide:
            return TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { TextWrapper.wrap([Span(String($0), Style(.accent))], width: width) } + [[]]
        case .tool where !entry.toolResults.isEmpty:
            return [headerLine(entry, role: .muted, width: width)] + toolResultLines(entry, width: width) + [[]]
        case .user, .system, .tool:
            let base = entry.kind == .user ? Style.plain : Style(.muted)
            let body = TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { TextWrapper.wrap([Span(String($0), base)], width: width) }
            let role: ColorRole = entry.kind == .user ? .user : .muted
            return [headerLine(entry, role: role, width: width)] + body + extraLines(entry, width: width) + omittedNotice(omitted, width: width) + [[]]
        case .assistant:
            let thinking = shown(entry.reasoning).text
            let reasoning = thinking.isEmpty
                ? [] : reasoningLines(TerminalText.sanitized(thinking).split(separator: "\n", omittingEmptySubsequences: false), width: width)
            let body = MarkdownRenderer.render(text, width: width) + omittedNotice(omitted, width: width)
            return assistant(entry, reasoning: reasoning, body: body, width: width)
        }
    }

    /// The label line: who, the place among siblings, and the selection marker.
    static func headerLine(_ entry: TranscriptEntry, role: ColorRole, width: Int) -> StyledLine {
        let label = TerminalText.singleLine(entry.header, limit: 200)
        guard entry.isSelected else { return [Span(label, Style(role, [.bold]))] }
        return [Span("▶ ", Style(.accent, [.bold])), Span(label, Style(.foreground, background: .selection, [.bold]))]
    }

    /// Tool calls of a reply, attachments of a message: one muted line each.
    static func extraLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        entry.toolCalls.flatMap { TextWrapper.wrap([Span(TerminalText.singleLine($0, limit: 500), Style(.muted))], width: width) }
    }
}
