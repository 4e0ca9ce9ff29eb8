import NatterProviders

/// What plain mode has said of the conversation, and what it says next: each message once, in order, as words
/// ("You:", "Assistant, MODEL:", "natter: …"), a streaming reply line by line as its lines complete, how it ended.
/// Nothing said is ever taken back: when the entries change above the end of what was said (an edit, another
/// branch, a compaction, a moved notice), a marker line comes first and the conversation is said again from the
/// first entry that differs — never from the top.
///
/// Progress is kept per message, not per entry: a message too long to lay out in one piece becomes several entries
/// when it ends, and a reply kept from compare comes back as a new entry; neither is said twice.
struct PlainTranscript {
    /// An entry in the order said, and the message it shows.
    private struct SaidEntry {
        var id: Int
        var messageID: String?
        var finished = false
    }

    /// How far a message has been said.
    private struct MessageProgress {
        /// UTF-8 bytes of the message's text that have gone into `lines`.
        var fed = 0
        var lines = PlainLines()
        var thinkingSaid = false
        var endingSaid = false
    }

    private var said: [SaidEntry] = []
    /// `PaneState.reshapes` when what was said was last compared with the pane's entries.
    private var comparedAt: Int?
    private var messages: [String: MessageProgress] = [:]
    /// Entries before this one are said whole: a frame looks at the rest only.
    private var firstUnfinished = 0
    /// Compare's replies said (each whole, once it has ended), and the pane focused last.
    private var saidReplies: Set<String> = []
    private var focusedReply: Int?

    /// The lines to print now for `state`.
    mutating func lines(for state: AppState) -> [String] {
        let entries = state.pane.entries
        var out: [String] = []
        // Only appended to or edited in place since the last look: what was said still stands (a frame costs what is
        // new, however long the conversation).
        var kept = said.count
        if comparedAt != state.pane.reshapes || entries.count < said.count {
            kept = 0
            while kept < said.count, kept < entries.count, said[kept].id == entries[kept].id { kept += 1 }
            comparedAt = state.pane.reshapes
        }
        if kept < said.count {
            out += ["", "— the conversation from here is now: —"]
            said.removeSubrange(kept...)
            let stillSaid = Set(said.compactMap(\.messageID))
            messages = messages.filter { stillSaid.contains($0.key) }
            firstUnfinished = min(firstUnfinished, kept)
        }
        for index in firstUnfinished..<entries.count {
            let entry = entries[index]
            if index == said.count { said.append(SaidEntry(id: entry.id, messageID: entry.messageID)) }
            guard !said[index].finished else { continue }
            let (lines, finished) = more(of: entry)
            out += lines
            said[index].finished = finished
        }
        while firstUnfinished < said.count, said[firstUnfinished].finished { firstUnfinished += 1 }
        return out + compared(state.compare?.round)
    }

    /// What the entry adds to what was said, and whether it is now said whole.
    private mutating func more(of entry: TranscriptEntry) -> ([String], Bool) {
        switch entry.kind {
        case .notice:
            return (["natter: " + TerminalText.singleLine(entry.text, limit: 2000)], true)
        case .guide:
            return (entry.text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.sanitized(String($0), keepNewlines: false) }, true)
        case .tool:
            let lines = entry.toolResults.flatMap { result in
                ["", "result of \(TerminalText.singleLine(result.title, limit: 120))\(result.isError ? ", an error" : ""):"] + PlainTranscript.whole(result.content)
            }
            return (lines, true)
        case .user, .system, .assistant:
            break
        }
        let key = entry.messageID ?? "entry \(entry.id)"
        var out: [String] = []
        var progress: MessageProgress
        if let known = messages[key] {
            progress = known
        } else {
            progress = MessageProgress()
            out += heading(of: entry)
        }
        if saidReplies.contains(key), !progress.endingSaid {
            // A reply said whole in compare, now kept: said as kept, not again.
            progress.fed = entry.text.utf8.count
            progress.endingSaid = true
            messages[key] = progress
            return (out + ["kept this reply"], true)
        }
        if !entry.reasoning.isEmpty, !progress.thinkingSaid {
            out.append("thinking…")
            progress.thinkingSaid = true
        }
        // The bytes this entry shows (a piece of a long message, or all of it) not yet said.
        let text = entry.text.utf8
        let upper = entry.segment.map { text.distance(from: text.startIndex, to: $0.range.upperBound) } ?? text.count
        if progress.fed < upper {
            let lower = entry.segment.map { text.distance(from: text.startIndex, to: $0.range.lowerBound) } ?? 0
            let from = text.index(text.startIndex, offsetBy: max(lower, progress.fed))
            out += progress.lines.add(String(decoding: text[from..<text.index(text.startIndex, offsetBy: upper)], as: UTF8.self))
            progress.fed = upper
        }
        guard !entry.isStreaming else {
            messages[key] = progress
            return (out, false)
        }
        if entry.segment?.isLast != false, !progress.endingSaid {
            out += progress.lines.finish()
            // A person's attachments are kept with the message; a reply's are the tools it calls.
            let said = entry.kind == .assistant ? "calls tool " : "attached: "
            out += entry.toolCalls.map { said + TerminalText.singleLine($0, limit: 300) }
            if let error = entry.error { out.append("error: " + TerminalText.singleLine(error, limit: 2000)) }
            if entry.kind == .assistant { out.append(Self.ending(entry.finish)) }
            progress.endingSaid = true
        }
        messages[key] = progress
        return (out, true)
    }

    private func heading(of entry: TranscriptEntry) -> [String] {
        switch entry.kind {
        case .user: return ["", "You:"]
        case .assistant: return ["", "Assistant, \(TerminalText.singleLine(entry.label, limit: 120)):"]
        case .system: return ["", "System prompt:"]
        case .tool, .notice, .guide: return []
        }
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
