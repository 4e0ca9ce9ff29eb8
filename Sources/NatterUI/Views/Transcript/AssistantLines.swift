import NatterProviders

/// A reply's lines, finished or still streaming (the layout hands over the streaming body it grows).
extension EntryLines {
    /// A reply: its label, dimmed reasoning, the body (the streaming caret at its end), tool calls, how it ended.
    static func assistant(_ entry: TranscriptEntry, reasoning: [StyledLine], body: [StyledLine], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        assistant(entry, reasoning: GrowingLines(settled: reasoning), body: GrowingLines(settled: body), width: width, into: &lines, keeping: 0)
        return lines
    }

    /// A reply's lines from line `kept` on, put after the first `kept` of `lines`, which are taken as they are
    /// (the label, line 0, is set again whatever `kept` says). A streaming reply's lines are kept from frame to
    /// frame and only those from its first unsettled line are made again: made whole, a long reply's lines cost
    /// a retain and a release each at every frame, more the longer it grew.
    ///
    /// Returns the line the streaming caret is on (the body's last, or its own line where the body would begin),
    /// or nil, with `lines` as they were, when lines past it are to be kept (the caret would join a line taken as
    /// it is, or follow lines the body no longer has).
    @discardableResult
    static func assistant(
        _ entry: TranscriptEntry, reasoning: GrowingLines, body: GrowingLines, width: Int, into lines: inout [StyledLine], keeping kept: Int
    ) -> Int? {
        var bodyEnd = body.count
        while bodyEnd > 0, body[bodyEnd - 1].isEmpty { bodyEnd -= 1 }
        let bodyStart = 1 + reasoning.count
        let caretLine = bodyStart + max(0, bodyEnd - 1)
        let kept = min(kept, lines.count)
        if kept > caretLine { return nil }
        lines.removeSubrange(kept...)
        let header = headerLine(entry, role: .assistant, width: width)
        if lines.isEmpty { lines.append(header) } else { lines[0] = header }
        reasoning.append(from: lines.count - 1, upTo: reasoning.count, to: &lines)
        body.append(from: lines.count - bodyStart, upTo: bodyEnd, to: &lines)
        if entry.isStreaming {
            let caret = Span("▌", Style(.accent))
            if bodyEnd > 0, body[bodyEnd - 1].reduce(0, { $0 + DisplayWidth.of($1.text) }) < width {
                lines[lines.count - 1].append(caret)
            } else {
                lines.append([caret])
            }
        }
        lines += extraLines(entry, width: width)
        lines += endingLines(entry, width: width)
        lines.append([])
        return caretLine
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
