import Foundation
import NatterProviders

/// One line of a transcript file (SPEC 4). The file is append-only: the first line is `session`, then
/// messages, provider switches and titles as they happen.
public enum TranscriptRecord: Sendable, Hashable {
    case session(SessionHeader)
    case message(StoredMessage)
    case switchModel(provider: String, model: String, at: Date)
    case title(String)
    /// Text of the reply in flight, written about once a second while it streams: when natter is killed
    /// before the reply ends, what had arrived is read back as an interrupted reply instead of being lost.
    /// The reply's own `message` record, written when it ends, supersedes every `partial` before it.
    case partial(ReplyProgress)
}

/// What arrived of a streaming reply since the last `partial` record.
public struct ReplyProgress: Sendable, Hashable {
    public var text: String
    public var reasoning: String
    public var provider: String?
    public var model: String?
    public var timestamp: Date

    public init(text: String, reasoning: String = "", provider: String? = nil, model: String? = nil, timestamp: Date = Date()) {
        self.text = text
        self.reasoning = reasoning
        self.provider = provider
        self.model = model
        self.timestamp = timestamp
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

/// How a reply ended, as the transcript records it.
public enum MessageFinish: String, Sendable, Hashable, Codable {
    case stop, length, cancelled, interrupted, error
    /// The provider's filter ended or refused the reply (OpenAI `content_filter`, Anthropic `refusal`).
    case contentFilter = "content_filter"
}

/// A message as kept in a session: what was said, by whom, through which provider and model, and how it ended.
public struct StoredMessage: Sendable, Hashable, Codable {
    public var role: Role
    public var content: String
    public var reasoning: String?
    public var provider: String?
    public var model: String?
    public var timestamp: Date
    public var usage: Usage?
    /// nil for the person's own messages.
    public var finish: MessageFinish?
    /// One line, for replies that ended in an error or an interruption.
    public var error: String?

    public init(
        role: Role, content: String, reasoning: String? = nil, provider: String? = nil, model: String? = nil,
        timestamp: Date = Date(), usage: Usage? = nil, finish: MessageFinish? = nil, error: String? = nil
    ) {
        self.role = role
        self.content = content
        self.reasoning = reasoning
        self.provider = provider
        self.model = model
        self.timestamp = timestamp
        self.usage = usage
        self.finish = finish
        self.error = error
    }

    public var chatMessage: ChatMessage { ChatMessage(role: role, content: content) }
}

public enum TranscriptFormat {
    /// Bumped when a record changes meaning; readers of an older version still show what they understand.
    public static let version = 1
}
