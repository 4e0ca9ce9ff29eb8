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

    public init() {}

    public func removeAll() { cache.removeAll() }

    public func lines(for entry: TranscriptEntry, width: Int) -> [StyledLine] {
        if let cached = cache[entry.id], cached.revision == entry.revision, cached.width == width {
            return cached.lines
        }
        let lines = Self.render(entry, width: width)
        cache[entry.id] = Cached(revision: entry.revision, width: width, lines: lines)
        return lines
    }

    public func totalLines(_ entries: [TranscriptEntry], width: Int) -> Int {
        entries.reduce(0) { $0 + lines(for: $1, width: width).count }
    }

    /// The lines in view: the last `height` when following, else `height` lines from `topLine`.
    public func visibleLines(_ entries: [TranscriptEntry], width: Int, height: Int, scroll: ScrollPosition) -> [StyledLine] {
        guard height > 0 else { return [] }
        switch scroll {
        case .following:
            var collected: [[StyledLine]] = []
            var count = 0
            // Only as many entries as fill the view, newest first: the cost is what is visible.
            for entry in entries.reversed() {
                if count >= height { break }
                let entryLines = lines(for: entry, width: width)
                collected.append(entryLines)
                count += entryLines.count
            }
            return Array(collected.reversed().joined().suffix(height))
        case .held(let topLine):
            var skipped = 0
            var result: [StyledLine] = []
            for entry in entries {
                let entryLines = lines(for: entry, width: width)
                if skipped + entryLines.count <= topLine {
                    skipped += entryLines.count
                    continue
                }
                let start = max(0, topLine - skipped)
                skipped = topLine
                result += entryLines[start...]
                if result.count >= height { break }
            }
            return Array(result.prefix(height))
        }
    }

    /// One entry as lines: a label, dimmed reasoning, the body (markdown for replies), how it ended, a gap.
    static func render(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        switch entry.kind {
        case .notice:
            return TextWrapper.wrap([Span("── " + TerminalText.sanitized(entry.text) + " ──", Style(.muted))], width: width) + [[]]
        case .user:
            let body = TerminalText.sanitized(entry.text).split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { TextWrapper.wrap([Span(String($0))], width: width) }
            return [[Span("You", Style(.user, [.bold]))]] + body + [[]]
        case .assistant:
            var lines: [StyledLine] = [[Span(TerminalText.singleLine(entry.label, limit: 200), Style(.assistant, [.bold]))]]
            if !entry.reasoning.isEmpty {
                lines += TerminalText.sanitized(entry.reasoning).split(separator: "\n", omittingEmptySubsequences: false)
                    .flatMap { TextWrapper.wrap([Span(String($0), Style(.reasoning, [.dim, .italic]))], width: width) }
            }
            var body = MarkdownRenderer.render(entry.text, width: width)
            while body.last?.isEmpty == true { body.removeLast() }
            if entry.isStreaming {
                let cursor = Span("▌", Style(.accent))
                if let last = body.last, last.reduce(0, { $0 + DisplayWidth.of($1.text) }) < width {
                    body[body.count - 1].append(cursor)
                } else {
                    body.append([cursor])
                }
            }
            lines += body
            switch entry.finish {
            case .cancelled?:
                lines.append([Span("⏹ cancelled", Style(.warning))])
            case .interrupted?:
                lines += TextWrapper.wrap([Span("⚠ " + (entry.error ?? "interrupted"), Style(.warning))], width: width)
            case .error?:
                lines += TextWrapper.wrap([Span("✖ " + (entry.error ?? "failed"), Style(.error))], width: width)
            case .length?:
                lines.append([Span("… stopped at the length limit", Style(.warning))])
            default:
                break
            }
            return lines + [[]]
        }
    }
}
