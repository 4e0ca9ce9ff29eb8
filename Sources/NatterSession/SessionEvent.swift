import NatterProviders

/// What a `ChatSession` tells its UI, in order. Plain values: the UI folds them into its state.
public enum SessionEvent: Sendable, Hashable {
    /// The person's message, already on disk.
    case userMessage(StoredMessage)
    case replyStarted(provider: String, model: String)
    case text(String)
    case reasoning(String)
    case toolCall(ToolCallDelta)
    case usage(Usage)
    case retrying(RetryNotice)
    /// The reply as saved, however it ended: `finish` says how, `error` why when it failed.
    case replyEnded(StoredMessage)
    case switched(provider: String, model: String)
    /// The transcript could not be written; the conversation goes on in memory.
    case saveFailed(String)
}
