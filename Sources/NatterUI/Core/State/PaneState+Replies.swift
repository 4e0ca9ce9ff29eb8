import NatterProviders
import NatterSession

/// How a reply streams into a transcript pane, for the main transcript and each compare pane alike: one place
/// where a streamed entry is started, grows and takes its saved message's content, so the two cannot drift
/// (compare's own copy of this once dropped what the main transcript kept).
extension PaneState {
    /// Adds `entry` at the end with the pane's next id (the key of its lines in the pane's layout cache).
    @discardableResult
    mutating func append(_ entry: TranscriptEntry) -> TranscriptEntry {
        var entry = entry
        entry.id = nextEntryID
        nextEntryID += 1
        entries.append(entry)
        return entry
    }

    /// How a pane labels a saved reply.
    enum ReplyLabel {
        /// By its origin, with its place among its siblings: the main transcript.
        case full
        /// By its model alone, no "‹i/n›": a compare pane, whose header says the rest and whose neighbours are
        /// the siblings.
        case modelOnly
    }

    /// Applies what of `event` is about a reply's entry in this pane; false when the event is not about one it
    /// shows (or not about a reply's entry at all). A saved reply is shown as `conversation` places it.
    mutating func apply(_ event: SessionEvent, in conversation: Conversation, label: ReplyLabel = .full) -> Bool {
        switch event {
        case .replyStarted(let id, _, let origin):
            var entry = TranscriptEntry(id: 0, kind: .assistant, text: "", label: origin.shortLabel, isStreaming: true)
            entry.messageID = id
            entryIDs[id] = append(entry).id
            return true
        case .text(let id, let text):
            return editReply(id) { $0.text += text }
        case .reasoning(let id, let text):
            return editReply(id) { $0.reasoning += text }
        case .replyEnded(let message):
            var shown = TranscriptProjection.entry(for: message, in: conversation)
            switch label {
            case .full: break
            case .modelOnly:
                shown.label = message.origin?.shortLabel ?? shown.label
                shown.siblings = nil
            }
            return editReply(message.id) { $0 = $0.ended(as: shown) }
        case .messageAdded, .usage, .toolCall, .retrying, .toolStarted, .toolFinished, .turnEnded, .activated, .switched,
            .saveFailed, .notice, .notSent, .titled, .settingsChanged, .compactionStarted, .compacted, .compactionFailed,
            .compactionUndone, .waitingForTools:
            return false
        }
    }

    /// Changes the entry reply `id` streams into, marking it changed for the layout cache; false when none does.
    private mutating func editReply(_ id: String, _ change: (inout TranscriptEntry) -> Void) -> Bool {
        guard let index = entries.lastIndex(where: { $0.messageID == id }) else { return false }
        change(&entries[index])
        entries[index].revision += 1
        return true
    }
}
