import Foundation
import NatterProviders

/// Older turns of a branch summarized by the model (SPEC 11), so that a conversation longer than the model's
/// window can go on. It replaces nothing: the messages stay in the tree, on screen and in the transcript;
/// only requests whose branch runs through `through` carry `summary` in place of the messages up to it.
public struct Compaction: Sendable, Hashable, Identifiable {
    public var id: String
    /// The last message summarized: every message from the root to it is covered.
    public var through: String
    /// How many messages of the branch it covers, for "the 14 messages above".
    public var messageCount: Int
    public var summary: String
    /// The model that wrote it, and what that cost.
    public var origin: Origin?
    public var usage: Usage?
    public var created: Date

    public init(
        id: String = "c" + String(UInt64.random(in: 0...UInt64.max), radix: 36), through: String, messageCount: Int,
        summary: String, origin: Origin? = nil, usage: Usage? = nil, created: Date = Date()
    ) {
        self.id = id
        self.through = through
        self.messageCount = messageCount
        self.summary = summary
        self.origin = origin
        self.usage = usage
        self.created = created
    }

    /// What a request carries in place of the messages it covers: said to be a summary, so the model does not
    /// take it for the person's words.
    public var requestText: String {
        "[natter: the first \(messageCount) messages of this conversation were summarized to fit the model's context window. The summary:]\n\n\(summary)"
    }

    /// The line shown after the last message it covers.
    public var notice: String {
        "⋯ the \(messageCount == 1 ? "message" : "\(messageCount) messages") above \(messageCount == 1 ? "goes" : "go") to the model as a summary"
    }
}
