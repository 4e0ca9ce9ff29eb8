import NatterProviders

/// What a `ChatSession` tells its UI, in order. Plain values: the UI folds them into its state. Everything
/// about a reply carries the reply's message id, so replies streaming at once can be told apart.
public enum SessionEvent: Sendable, Hashable {
    /// A message is in the tree, already on disk: the person's, or a reply edited by hand. It is the active leaf.
    case messageAdded(Message)
    /// A reply to `parent` begins; the branch shown ends at `parent` until it is done.
    case replyStarted(id: String, parent: String, origin: Origin)
    case text(id: String, String)
    case reasoning(id: String, String)
    case toolCall(id: String, ToolCallDelta)
    case usage(id: String, Usage)
    case retrying(id: String, RetryNotice)
    /// The reply as saved, however it ended: `finish` says how, `error` why when it failed.
    case replyEnded(Message)
    /// An approved tool call is running on its server.
    case toolStarted(ToolCall, ToolIdentity)
    /// A call's result (or why it was not run); the round's results then come as one `tool` message.
    case toolFinished(ToolResult)
    /// The turn is over: its last reply came without tool calls, failed, was cancelled, or hit the round
    /// limit. Until then the session takes no new message.
    case turnEnded
    /// Another branch was chosen: this is its leaf now.
    case activated(leaf: String)
    case switched(provider: String, model: String)
    /// The transcript could not be written; the conversation goes on in memory.
    case saveFailed(String)
    /// Something the person should know that changes nothing sent so far: images left out for a model
    /// without vision, an attachment file gone.
    case notice(String)
    /// The person's message was refused before anything was sent or saved (an image for a model without vision,
    /// a message larger than the model's window): why, in words.
    case notSent(String)
    /// A model made the conversation's title (SPEC 14); `usage`: what asking it took, priced when known.
    case titled(String, usage: Usage?)
    /// The request parameters or the system prompt changed (set, or taken up from a resumed transcript).
    case settingsChanged(ModelParameters, systemPrompt: String?)
    /// The model is summarizing the first `messageCount` messages of the branch (before a request that would
    /// not fit, after a context-length error, or asked for).
    case compactionStarted(messageCount: Int)
    /// The summary is in: requests carry it in place of the messages it covers.
    case compacted(Compaction)
    /// No summary was made; the conversation is as it was. One line: why.
    case compactionFailed(String)
    /// Requests carry the whole branch again.
    case compactionUndone(String)
    /// The request waits for these MCP servers, still starting, so that it can offer their tools (up to the
    /// session's limit; `sendWithoutWaitingForTools` ends the wait). An empty list: the wait is over.
    case waitingForTools(servers: [String])
}
