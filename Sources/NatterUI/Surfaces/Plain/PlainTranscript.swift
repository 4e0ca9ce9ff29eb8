import NatterProviders

/// What plain mode has said of the conversation, and what it says next: each entry once, in order, as words
/// ("You:", "Assistant, MODEL:", "natter: …"), a streaming reply line by line as its lines complete, how it ended.
/// Nothing said is ever taken back: when the entries change above the end of what was said (an edit, another
/// branch, a compaction, a moved notice), a marker line comes first and the conversation is said again from the
/// first entry that differs — never from the top.
struct PlainTranscript {
    private struct Said {
        var id: Int
        /// How much of the entry's text (UTF-8 bytes of its piece) has gone into `lines`.
        var fed = 0
        var lines = PlainLines()
        var finished = false
        var thinkingSaid = false
    }

    private var said: [Said] = []
    /// Compare's replies said (each whole, once it has ended), and the pane focused last.
    private var saidReplies: Set<String> = []
    private var focusedReply: Int?
    /// Entries before this one are said whole: a frame looks at the rest only.
    private var firstUnfinished = 0

    /// The lines to print now for `state`.
    mutating func lines(for state: AppState) -> [String] {
        let entries = state.pane.entries
        var out: [String] = []
        var kept = 0
        while kept < said.count, kept < entries.count, said[kept].id == entries[kept].id { kept += 1 }
        if kept < said.count {
            out += ["", "— the conversation from here is now: —"]
            said.removeSubrange(kept...)
            firstUnfinished = min(firstUnfinished, kept)
        }
        for index in firstUnfinished..<entries.count {
            let entry = entries[index]
            if index == said.count {
                out += heading(of: entry)
                said.append(Said(id: entry.id))
            }
            out += more(of: entry, &said[index])
        }
        while firstUnfinished < said.count, said[firstUnfinished].finished { firstUnfinished += 1 }
        return out + compared(state.compare?.round)
    }

    /// Compare's replies, each said whole once it has ended (streaming side by side, their lines would interleave),
    /// and which one Enter would keep as the focus moves.
    private mutating func compared(_ round: CompareRound?) -> [String] {
        guard let round else {
            focusedReply = nil
            return []
        }
        var out: [String] = []
        for (index, pane) in round.panes.enumerated() where !pane.isStreaming {
            let entry = pane.entry
            guard !entry.text.isEmpty || entry.error != nil, saidReplies.insert(pane.replyID ?? "\(pane.id):\(entry.id)").inserted else { continue }
            out += ["", "Reply \(index + 1) of \(round.panes.count), \(TerminalText.singleLine(pane.origin.shortLabel, limit: 120)):"]
            out += Self.whole(entry.text)
            if let error = entry.error { out.append("error: " + TerminalText.singleLine(error, limit: 2000)) }
            out.append(Self.ending(entry.finish))
        }
        if round.focused != focusedReply, round.panes.indices.contains(round.focused) {
            focusedReply = round.focused
            out.append("focused: reply \(round.focused + 1) of \(round.panes.count), \(TerminalText.singleLine(round.panes[round.focused].origin.shortLabel, limit: 120))")
        }
        return out
    }

    private func heading(of entry: TranscriptEntry) -> [String] {
        // A message too long to lay out in one piece is several entries: one heading, its pieces in turn.
        guard entry.segment?.isFirst != false else { return [] }
        switch entry.kind {
        case .user: return ["", "You:"]
        case .assistant: return ["", "Assistant, \(TerminalText.singleLine(entry.label, limit: 120)):"]
        case .system: return ["", "System prompt:"]
        case .tool: return ["", "Tool results:"]
        case .notice, .guide: return []
        }
    }

    /// What the entry has added since it was last said.
    private func more(of entry: TranscriptEntry, _ progress: inout Said) -> [String] {
        guard !progress.finished else { return [] }
        switch entry.kind {
        case .notice:
            progress.finished = true
            return ["natter: " + TerminalText.singleLine(entry.text, limit: 2000)]
        case .guide:
            progress.finished = true
            return entry.text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.sanitized(String($0), keepNewlines: false) }
        case .tool:
            progress.finished = true
            return entry.toolResults.flatMap { result in
                ["result of \(TerminalText.singleLine(result.title, limit: 120))\(result.isError ? ", an error" : ""):"] + PlainTranscript.whole(result.content)
            }
        case .user, .system, .assistant:
            break
        }
        var out: [String] = []
        if !entry.reasoning.isEmpty, !progress.thinkingSaid {
            out.append("thinking…")
            progress.thinkingSaid = true
        }
        let piece = entry.segment.map { entry.text[$0.range] } ?? Substring(entry.text)
        let bytes = piece.utf8
        if bytes.count > progress.fed {
            let start = bytes.index(bytes.startIndex, offsetBy: progress.fed)
            out += progress.lines.add(String(decoding: bytes[start...], as: UTF8.self))
            progress.fed = bytes.count
        }
        guard !entry.isStreaming else { return out }
        out += progress.lines.finish()
        progress.finished = true
        guard entry.segment?.isLast != false else { return out }
        // A person's attachments are kept with the message; a reply's are the tools it calls.
        let said = entry.kind == .assistant ? "calls tool " : "attached: "
        out += entry.toolCalls.map { said + TerminalText.singleLine($0, limit: 300) }
        if let error = entry.error { out.append("error: " + TerminalText.singleLine(error, limit: 2000)) }
        if entry.kind == .assistant { out.append(Self.ending(entry.finish)) }
        return out
    }

    /// How a reply ended, in words.
    static func ending(_ finish: MessageFinish?) -> String {
        switch finish {
        case .stop?, nil: return "reply finished"
        case .length?: return "reply cut at the token limit"
        case .cancelled?: return "reply cancelled"
        case .interrupted?: return "reply interrupted"
        case .error?: return "reply failed"
        case .contentFilter?: return "reply stopped by the provider's filter"
        case .toolCalls?: return "running the tools it asked for"
        }
    }

    static func whole(_ text: String) -> [String] {
        var lines = PlainLines()
        return lines.add(text) + lines.finish()
    }
}
