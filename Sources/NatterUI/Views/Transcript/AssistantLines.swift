import NatterProviders

/// A reply's lines, finished or still streaming (the layout hands over the streaming body it grows).
extension EntryLines {
    /// A reply: its label, dimmed reasoning, the body (the streaming caret at its end), tool calls, how it ended.
    static func assistant(_ entry: TranscriptEntry, reasoning: [StyledLine], body: [StyledLine], width: Int) -> [StyledLine] {
        // Built in one array: a streaming reply's lines are made again at every frame, and each copy of its body
        // on the way cost a retain and a release per line, more the longer the reply grew.
        let extra = extraLines(entry, width: width)
        let ending = endingLines(entry, width: width)
        let bodyEnd = (body.lastIndex { !$0.isEmpty } ?? -1) + 1
        var lines: [StyledLine] = []
        lines.reserveCapacity(2 + reasoning.count + bodyEnd + 1 + extra.count + ending.count)
        lines.append(headerLine(entry, role: .assistant, width: width))
        lines += reasoning
        lines += body[..<bodyEnd]
        if entry.isStreaming {
            let cursor = Span("▌", Style(.accent))
            if bodyEnd > 0, body[bodyEnd - 1].reduce(0, { $0 + DisplayWidth.of($1.text) }) < width {
                lines[lines.count - 1].append(cursor)
            } else {
                lines.append([cursor])
            }
        }
        lines += extra
        lines += ending
        lines.append([])
        return lines
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
