import NatterProviders

/// What the inline surface has printed into the terminal's scrollback, and what it prints next: each entry once,
/// whole, in order, as soon as it is finished (a reply once it has ended); the entries not yet finished are the
/// live region's to show. Scrollback is never rewritten: when the entries change above the end of what was
/// printed (an edit, another branch, a compaction), a marker line comes first and the conversation is printed
/// again from the first entry that differs — never from the top.
struct InlineTranscript {
    /// An entry printed, and the message it shows.
    private struct Printed: Equatable {
        var id: Int
        var messageID: String?
    }

    private var printed: [Printed] = []
    /// `PaneState.reshapes` when the printed entries were last compared with the pane's.
    private var comparedAt: Int?
    /// Compare's replies printed (each whole once it ended): the reply kept from them is not printed again.
    private var printedReplies: Set<String> = []

    /// The lines to print now, and the index of the first entry still live (not yet printed).
    mutating func take(_ state: AppState, layout: TranscriptLayout, width: Int) -> (lines: [StyledLine], firstLive: Int) {
        let entries = state.pane.entries
        var out: [StyledLine] = []
        // Only appended to or edited in place since the last look: what was printed is still above (a frame costs
        // what is new, however long the conversation).
        var kept = printed.count
        if comparedAt != state.pane.reshapes || entries.count < printed.count {
            kept = 0
            while kept < printed.count, kept < entries.count, printed[kept] == Printed(id: entries[kept].id, messageID: entries[kept].messageID) {
                kept += 1
            }
            comparedAt = state.pane.reshapes
        }
        if kept < printed.count {
            out.append([Span("── the conversation from here is now: ──", Style(.accent, [.bold]))])
            out.append([])
            // A reply kept from compare is printed whole again if the new branch has it: its compare print is far up.
            printedReplies.subtract(printed[kept...].compactMap(\.messageID))
            printed.removeSubrange(kept...)
        }
        var index = printed.count
        while index < entries.count, !entries[index].isStreaming {
            let entry = entries[index]
            if let message = entry.messageID, printedReplies.contains(message) {
                // The reply chosen in compare, printed whole already as it ended there (said once, not per piece of
                // a long one).
                if entry.isMessageHead {
                    out.append([Span("── kept: \(TerminalText.singleLine(entry.label, limit: 120)) ──", Style(.muted))])
                    out.append([])
                }
            } else {
                out += layout.lines(for: Self.unselected(entry), width: width)
            }
            printed.append(Printed(id: entry.id, messageID: entry.messageID))
            index += 1
        }
        return (out + compared(state.compare?.round, width: width), index)
    }

    /// Compare's replies, each printed whole once it has ended (side by side they would not survive the terminal's
    /// reflow; one after another they read as they do in plain mode).
    private mutating func compared(_ round: CompareRound?, width: Int) -> [StyledLine] {
        guard let round else { return [] }
        var out: [StyledLine] = []
        for (index, pane) in round.panes.enumerated() where !pane.isStreaming {
            let entry = pane.entry
            guard !entry.text.isEmpty || entry.error != nil, printedReplies.insert(pane.replyID ?? "\(pane.id):\(entry.id)").inserted else { continue }
            var shown = Self.unselected(entry)
            shown.label = "Reply \(index + 1) of \(round.panes.count) · " + entry.label
            out += EntryLines.render(shown, width: width)
        }
        return out
    }

    /// An entry as printed: a selection is a moment's, and would stay in the scrollback for ever.
    private static func unselected(_ entry: TranscriptEntry) -> TranscriptEntry {
        guard entry.isSelected else { return entry }
        var plain = entry
        plain.isSelected = false
        plain.revision = -1 - entry.revision  // not the selected lines the layout cache keeps for the screen
        return plain
    }
}
