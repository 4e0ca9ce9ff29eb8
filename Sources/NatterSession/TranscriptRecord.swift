import Foundation
import NatterProviders

/// One line of a transcript file (SPEC 4 and 6). The file is append-only: the first line is `session`, then
/// messages, provider switches, titles and branch changes as they happen.
public enum TranscriptRecord: Sendable, Hashable {
    case session(SessionHeader)
    case message(Message)
    case switchModel(provider: String, model: String, at: Date)
    /// The session's title; `madeBy` when a model made it (which, and what it cost), nil when the person gave it.
    case title(String, madeBy: TitleMaker? = nil)
    /// The active leaf changed without a new message (another branch was chosen).
    case active(String)
    /// Text of the reply in flight, written about once a second while it streams: when natter is killed
    /// before the reply ends, what had arrived is read back as an interrupted reply instead of being lost.
    /// The reply's own `message` record, written when it ends, supersedes every `partial` before it.
    case partial(ReplyProgress)
    /// The session's request parameters from here on (SPEC 11), as the person set them.
    case params(ModelParameters)
    /// The system prompt from here on (SPEC 11); nil: none.
    case systemPrompt(String?)
    /// A summary that requests carry in place of the messages up to its `through` (SPEC 11).
    case compaction(Compaction)
    /// That compaction is undone: requests carry those messages again.
    case uncompact(String)
    /// Pinned (listed first, never pruned) or not, from here on (SPEC 14).
    case pinned(Bool)
    /// Archived (listed only when archived sessions are asked for) or not, from here on (SPEC 14).
    case archived(Bool)
}

/// The model that made a title, and what asking it cost (counted in the session's cost).
public struct TitleMaker: Sendable, Hashable {
    public var origin: Origin
    public var usage: Usage?

    public init(origin: Origin, usage: Usage?) {
        self.origin = origin
        self.usage = usage
    }
}

/// What arrived of a streaming reply since the last `partial` record.
public struct ReplyProgress: Sendable, Hashable {
    /// The reply's message id and parent; empty in records of format 1, which had neither.
    public var id: String
    public var parent: String?
    public var text: String
    public var reasoning: String
    public var origin: Origin?
    public var timestamp: Date

    public init(
        id: String, parent: String?, text: String, reasoning: String = "", origin: Origin? = nil, timestamp: Date = Date()
    ) {
        self.id = id
        self.parent = parent
        self.text = text
        self.reasoning = reasoning
        self.origin = origin
        self.timestamp = timestamp
    }

    /// The reply as far as it came, for a transcript whose writer stopped before the reply's own record.
    public var interruptedReply: Message {
        var parts: [Part] = []
        if !reasoning.isEmpty { parts.append(.reasoning(reasoning)) }
        if !text.isEmpty { parts.append(.text(text)) }
        return Message(
            id: id, parent: parent, role: .assistant, parts: parts, origin: origin, finish: .interrupted,
            error: "natter stopped while this reply streamed; this is the part that had arrived", created: timestamp)
    }
}

public struct SessionHeader: Sendable, Hashable, Codable {
    public var id: String
    public var created: Date
    public var version: Int

    public init(id: String, created: Date, version: Int = TranscriptFormat.version) {
        self.id = id
        self.created = created
        self.version = version
    }
}

public enum TranscriptFormat {
    /// Bumped when a record changes meaning; readers of an older version still show what they understand.
    /// 2: messages have `id`, `parent` and `parts`; `active` records.
    public static let version = 2

    /// The id a message of format 1 (which had none) is known by: its line in the file. Lines are only ever
    /// appended, so the id stays the same at every reading.
    public static func lineID(_ lineNumber: Int) -> String { "l\(lineNumber)" }
}
