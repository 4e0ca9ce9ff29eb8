import NatterProviders

/// A reply's lines, finished or still streaming (the layout hands over the streaming body it grows).
extension EntryLines {
    /// A reply: its label, dimmed reasoning, the body (the streaming caret at its end), tool calls, how it ended.
    static func assistant(_ entry: TranscriptEntry, reasoning: [StyledLine], body: [StyledLine], width: Int) -> [StyledLine] {
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
    static func endingLines(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
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
