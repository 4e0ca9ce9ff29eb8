import NatterProviders

/// Wrapped lines per transcript entry, cached by entry revision and width, so a frame costs what is visible
/// (plus the one entry still streaming), not the length of the conversation.
public final class TranscriptLayout {
    private struct Cached {
        var revision: Int
        var width: Int
        var lines: [StyledLine]
    }

    private var cache: [Int: Cached] = [:]

    /// The reply still streaming, styled line by line as it grows: its revision changes with every token.
    private struct Streaming {
        var id: Int
        var width: Int
        var reasoning: GrowingTextRenderer
        var body: GrowingTextRenderer
    }

    private var streaming: Streaming?

    public init() {}

    public func removeAll() {
        cache.removeAll()
        streaming = nil
    }

    /// Drops one entry's lines: an entry coming back into view (another branch shown) may have changed
    /// while it was away, and its revision then says nothing about the lines kept for it.
    public func forget(_ id: Int) {
        cache[id] = nil
    }

    public func lines(for entry: TranscriptEntry, width: Int) -> [StyledLine] {
        if let cached = cache[entry.id], cached.revision == entry.revision, cached.width == width {
            return cached.lines
        }
        let lines = entry.isStreaming && entry.kind == .assistant ? renderStreaming(entry, width: width) : Self.render(entry, width: width)
        cache[entry.id] = Cached(revision: entry.revision, width: width, lines: lines)
        return lines
    }

    /// The lines in view: the last `height` when following, else `height` lines from the anchor. Only the
    /// entries on screen are wrapped, however long the conversation.
    public func visibleLines(_ entries: [TranscriptEntry], width: Int, height: Int, scroll: ScrollPosition) -> [StyledLine] {
        guard height > 0, !entries.isEmpty else { return [] }
        switch scroll {
        case .following:
            // From the bottom up, only the lines that fit: a long reply streaming at the bottom is not copied
            // whole at every frame.
            var collected: [ArraySlice<StyledLine>] = []
            var count = 0
            for entry in entries.reversed() {
                if count >= height { break }
                let entryLines = lines(for: entry, width: width)
                collected.append(entryLines.suffix(height - count))
                count += collected.last!.count
            }
            return Array(collected.reversed().joined())
        case .held(let anchorEntry, let anchorLine):
            var result: [StyledLine] = []
            var index = min(max(0, anchorEntry), entries.count - 1)
            var skip = max(0, anchorLine)
            while index < entries.count, result.count < height {
                let entryLines = lines(for: entries[index], width: width)
                if skip < entryLines.count { result += entryLines[skip...] }
                skip = 0
                index += 1
            }
            return Array(result.prefix(height))
        }
    }

    /// The anchor of the top line when the view follows the bottom.
    func bottomAnchor(_ entries: [TranscriptEntry], width: Int, height: Int) -> (entry: Int, line: Int) {
        var remaining = height
        var index = entries.count - 1
        while index >= 0 {
            let count = lines(for: entries[index], width: width).count
            if count >= remaining { return (index, count - remaining) }
            remaining -= count
            index -= 1
        }
        return (0, 0)
    }

    /// The position `delta` lines from `position` (negative is up), or `.following` once the view would reach
    /// the bottom. Walks only the entries between the two places.
    public func scroll(_ position: ScrollPosition, by delta: Int, entries: [TranscriptEntry], width: Int, height: Int) -> ScrollPosition {
        guard !entries.isEmpty else { return .following }
        var (index, line): (Int, Int)
        switch position {
        case .following: (index, line) = bottomAnchor(entries, width: width, height: height)
        case .held(let entry, let offset): (index, line) = (min(max(0, entry), entries.count - 1), max(0, offset))
        }
        line += delta
        while line < 0 {
            guard index > 0 else { return normalized(.held(entry: 0, line: 0), entries: entries, width: width, height: height) }
            index -= 1
            line += lines(for: entries[index], width: width).count
        }
        while index < entries.count, line >= lines(for: entries[index], width: width).count {
            line -= lines(for: entries[index], width: width).count
            index += 1
        }
        guard index < entries.count else { return .following }
        return normalized(.held(entry: index, line: line), entries: entries, width: width, height: height)
    }

    /// A held position whose view would reach the end of the transcript is the same as following it.
    public func normalized(_ position: ScrollPosition, entries: [TranscriptEntry], width: Int, height: Int) -> ScrollPosition {
        guard case .held(let entry, let line) = position, entry < entries.count else { return .following }
        var below = -line
        var index = entry
        while index < entries.count {
            below += lines(for: entries[index], width: width).count
            if below > height { return position }
            index += 1
        }
        return .following
    }

    private func renderStreaming(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        if streaming?.id != entry.id || streaming?.width != width {
            streaming = Streaming(
                id: entry.id, width: width,
                reasoning: GrowingTextRenderer(.plain(Self.reasoningStyle), width: width),
                body: GrowingTextRenderer(.markdown, width: width))
        }
        let reasoning = entry.reasoning.isEmpty ? [] : streaming!.reasoning.render(entry.reasoning)
        return Self.assistant(entry, reasoning: reasoning, body: streaming!.body.render(entry.text), width: width)
    }

    private static let reasoningStyle = Style(.reasoning, [.dim, .italic])

    private static func reasoningLines(_ lines: [Substring], width: Int) -> [StyledLine] {
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

    private static func omittedNotice(_ omitted: Int, width: Int) -> [StyledLine] {
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
    private static func headerLine(_ entry: TranscriptEntry, role: ColorRole, width: Int) -> StyledLine {
        let label = TerminalText.singleLine(entry.header, limit: 200)
        guard entry.isSelected else { return [Span(label, Style(role, [.bold]))] }
        return [Span("▶ ", Style(.accent, [.bold])), Span(label, Style(.foreground, background: .selection, [.bold]))]
    }

    /// How many lines of each result a folded tool message shows.
    static let foldedResultLines = 3

    /// Each result under its call's name; folded, its first lines and how many more there are.
    private static func toolResultLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
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

    /// Tool calls of a reply, attachments of a message: one muted line each.
    private static func extraLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        entry.toolCalls.flatMap { TextWrapper.wrap([Span(TerminalText.singleLine($0, limit: 500), Style(.muted))], width: width) }
    }

    private static func assistant(_ entry: TranscriptEntry, reasoning: [StyledLine], body: [StyledLine], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = [headerLine(entry, role: .assistant, width: width)]
        lines += reasoning
        var body = body
        while body.last?.isEmpty == true { body.removeLast() }
        if entry.isStreaming {
            let cursor = Span("▌", Style(.accent))
            if let last = body.last, last.reduce(0, { $0 + DisplayWidth.of($1.text) }) < width {
                body[body.count - 1].append(cursor)
            } else {
                body.append([cursor])
            }
        }
        lines += body + extraLines(entry, width: width) + endingLines(entry, width: width)
        return lines + [[]]
    }

    /// How a reply ended, when it did not simply stop.
    private static func endingLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        switch entry.finish {
        case .cancelled?: return [[Span("⏹ cancelled", Style(.warning))]]
        case .interrupted?: return TextWrapper.wrap([Span("⚠ " + (entry.error ?? "interrupted"), Style(.warning))], width: width)
        case .error?: return TextWrapper.wrap([Span("✖ " + (entry.error ?? "failed"), Style(.error))], width: width)
        case .length?: return [[Span("… stopped at the length limit", Style(.warning))]]
        case .contentFilter?: return [[Span("⚠ stopped or refused by the provider's content filter", Style(.warning))]]
        case .stop?, .toolCalls?, nil: return []
        }
    }
}
