import NatterProviders
import NatterSession

/// One item in the transcript view: a message of the branch shown, or one of natter's own remarks.
public struct TranscriptEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case user, assistant
        /// A system prompt, shown as such.
        case system
        /// Results of tool calls.
        case tool
        /// natter's own remarks in the conversation: a provider switch, a save failure.
        case notice
        /// natter's own advice as plain lines (how to get going on a first run).
        case guide
    }

    /// Stable across edits, so the layout cache can keep this entry's lines.
    public var id: Int
    public var kind: Kind
    public var text: String
    public var reasoning: String = ""
    public var label: String = ""
    public var finish: MessageFinish?
    public var error: String?
    public var isStreaming = false
    /// The message shown; nil for natter's own entries.
    public var messageID: String?
    /// "‹2/3›" when the message has siblings: where it stands among them.
    public var siblings: SiblingPosition?
    /// Tool calls of a reply, one line each.
    public var toolCalls: [String] = []
    /// A tool message's results, each under the name of its call.
    public var toolResults: [ShownToolResult] = []
    /// Results show their first lines only until `o` opens them.
    public var folded = true
    public var isSelected = false
    /// For a message too long to lay out in one piece: the part of `text` this entry shows (see `LongText`).
    public var segment: Segment?
    /// Bumped on every change: the layout cache re-wraps an entry only when this moves.
    public var revision = 0
    /// A notice that the conversation switched to this model: a later switch at the same point replaces it.
    public var switchedTo: Origin?

    /// natter's advice in the transcript, one line of text a paragraph.
    public static func guide(_ text: String, id: Int = 0) -> TranscriptEntry {
        TranscriptEntry(id: id, kind: .guide, text: text)
    }

    public static func notice(_ text: String, id: Int = 0) -> TranscriptEntry {
        TranscriptEntry(id: id, kind: .notice, text: text)
    }

    public static func switchNotice(to origin: Origin, id: Int = 0) -> TranscriptEntry {
        var entry = TranscriptEntry(id: id, kind: .notice, text: "switched to \(origin.shortLabel)")
        entry.switchedTo = origin
        return entry
    }

    /// This entry, which a reply streamed into, once the reply has ended: all that `shown` (the ended message as
    /// the transcript shows it) says, under this entry's id and revision, so the layout cache keeps its place.
    /// The one place a streamed entry takes its message's content (the main transcript's and compare's panes).
    public func ended(as shown: TranscriptEntry) -> TranscriptEntry {
        var ended = shown
        ended.id = id
        ended.revision = revision
        return ended
    }

    /// The label line as shown, with the position among siblings.
    public var header: String {
        guard let siblings, siblings.count > 1 else { return label }
        return "\(label) ‹\(siblings.index)/\(siblings.count)›"
    }
}

/// One result of a tool message as the transcript shows it.
public struct ShownToolResult: Sendable, Hashable {
    /// "server · tool", or the name the model called when natter does not know the tool.
    public var title: String
    public var content: String
    public var isError: Bool
}

/// One piece of a long message: its range in the entry's `text`, and which of how many pieces it is.
public struct Segment: Sendable, Hashable {
    public var range: Range<String.Index>
    public var index: Int
    public var count: Int

    public var isFirst: Bool { index == 0 }
    public var isLast: Bool { index == count - 1 }
}

extension TranscriptEntry {
    /// The entry a message's selection, header and sibling count belong to: the whole message, or its first piece.
    public var isMessageHead: Bool { messageID != nil && segment?.isFirst != false }
}

/// Where a message stands among its siblings: 1-based.
public struct SiblingPosition: Sendable, Hashable {
    public var index: Int
    public var count: Int
}

/// What the transcript view shows of a conversation, computed here and nowhere else: the messages of the
/// active branch as entries, with natter's notices where they were made.
public enum TranscriptProjection {
    /// One message as an entry (its `id` is the caller's to give).
    public static func entry(for message: Message, in conversation: Conversation, id: Int = 0) -> TranscriptEntry {
        var entry: TranscriptEntry
        switch message.role {
        case .user:
            entry = TranscriptEntry(id: id, kind: .user, text: message.text, label: "You")
            entry.toolCalls = message.attachments.map(\.label)
        case .system:
            entry = TranscriptEntry(id: id, kind: .system, text: message.text, label: "System")
        case .tool:
            let calls = message.parent.flatMap { conversation[$0] }?.toolCalls ?? []
            entry = TranscriptEntry(id: id, kind: .tool, text: message.toolResults.map(\.content).joined(separator: "\n"), label: "Tool results")
            entry.toolResults = message.toolResults.map { result in
                let call = calls.first { $0.id == result.callID }
                return ShownToolResult(title: call.map(title(of:)) ?? result.callID, content: result.content, isError: result.isError)
            }
        case .assistant:
            // The reply's cost and cache share beside its model, once it has ended and they are known.
            let figures = UsageText.tag(message.usage)
            entry = TranscriptEntry(
                id: id, kind: .assistant, text: message.text, reasoning: message.reasoning,
                label: (message.origin?.shortLabel ?? "Assistant") + (figures.isEmpty ? "" : " · " + figures),
                finish: message.finish, error: message.error)
            entry.toolCalls = message.toolCalls.map { "⚙ \(title(of: $0)) \(ToolArgumentsText.compact($0.arguments))" }
        }
        entry.messageID = message.id
        let position = conversation.siblingPosition(of: message.id)
        entry.siblings = position.count > 1 ? SiblingPosition(index: position.index, count: position.count) : nil
        return entry
    }

    /// "server · tool" for a call natter knows the server of; the model's name for it otherwise.
    static func title(of call: ToolCall) -> String {
        guard let server = call.server else { return call.name }
        let prefix = server + "__"
        return "\(server) · \(call.name.hasPrefix(prefix) ? String(call.name.dropFirst(prefix.count)) : call.name)"
    }

    /// A message as the entries that show it: one, or one per segment of a long message (`LongText`). Each
    /// segment's id comes from `id(k)`.
    public static func entries(for message: Message, in conversation: Conversation, id: (Int) -> Int) -> [TranscriptEntry] {
        let head = entry(for: message, in: conversation, id: id(0))
        let ranges = LongText.segments(head.text)
        guard ranges.count > 1 else { return [head] }
        return ranges.enumerated().map { index, range in
            var piece = head
            piece.id = index == 0 ? head.id : id(index)
            piece.segment = Segment(range: range, index: index, count: ranges.count)
            return piece
        }
    }

    /// The entry-id key of a long message's segment after the first.
    static func segmentKey(_ messageID: String, _ index: Int) -> String { index == 0 ? messageID : "\(messageID)#\(index)" }

    /// The branch `conversation` shows, with `notices` (keyed by the message they follow, "" for the top).
    /// `ids` keeps each message's entry id from one projection to the next, so the layout cache stays valid.
    public static func entries(
        _ conversation: Conversation, notices: [String: [TranscriptEntry]], ids: inout [String: Int], nextID: inout Int
    ) -> [TranscriptEntry] {
        let path = conversation.path()
        let placed = placing(notices, on: path, in: conversation)
        let compaction = conversation.compaction(on: path)
        func id(for key: String) -> Int {
            if let known = ids[key] { return known }
            defer { nextID += 1 }
            ids[key] = nextID
            return nextID
        }
        var entries = placed[""] ?? []
        for message in path {
            entries += Self.entries(for: message, in: conversation) { index in id(for: segmentKey(message.id, index)) }
            if let compaction, compaction.through == message.id {
                // Everything above stays on screen; the line says what the model is sent instead.
                var marker = TranscriptEntry.notice(compaction.notice)
                marker.id = id(for: "compaction " + compaction.id)
                entries.append(marker)
            }
            entries += placed[message.id] ?? []
        }
        return entries
    }

    /// Notices made on another branch show where that branch leaves this one: at the nearest message of
    /// theirs that is on the path shown (a switch of model holds for whatever came next).
    private static func placing(
        _ notices: [String: [TranscriptEntry]], on path: [Message], in conversation: Conversation
    ) -> [String: [TranscriptEntry]] {
        let onPath = Set(path.map(\.id))
        var placed: [String: [TranscriptEntry]] = [:]
        for (anchor, entries) in notices {
            var at = anchor
            while !at.isEmpty, !onPath.contains(at) { at = conversation[at]?.parent ?? "" }
            placed[at, default: []] += entries
        }
        for key in placed.keys { placed[key]?.sort { $0.id < $1.id } }
        return placed
    }

    /// A saved transcript's switches as notices, each after the message that was the leaf when it was made.
    public static func notices(in transcript: Transcript) -> [ConversationNotice] {
        var leaf = ""
        var notices: [ConversationNotice] = []
        func note(_ text: String) { notices.append(ConversationNotice(after: leaf, text: text)) }
        for record in transcript.records {
            switch record {
            case .message(let message): leaf = message.id
            case .active(let id): leaf = id
            case .switchModel(let provider, let model, _):
                let origin = Origin(provider: provider, model: model)
                notices.append(ConversationNotice(after: leaf, text: "switched to \(origin.shortLabel)", switchedTo: origin))
            case .params(let parameters): note("parameters: \(parameters.isEmpty ? "the model's defaults" : parameters.summary)")
            case .systemPrompt(let prompt): note(SystemPromptNotice.text(prompt))
            case .session, .title, .partial, .compaction, .uncompact, .pinned, .archived: break  // the conversation holds the compaction in effect
            }
        }
        return notices
    }
}

/// One of natter's notes in a conversation put on screen: its text, after the message it follows ("" for
/// the top).
public struct ConversationNotice: Sendable, Hashable {
    public var after: String
    public var text: String
    /// Set for a switch of model: shown as a switch notice, which a later switch at the same point replaces.
    public var switchedTo: Origin?

    public init(after: String, text: String, switchedTo: Origin? = nil) {
        self.after = after
        self.text = text
        self.switchedTo = switchedTo
    }
}
