import NatterProviders

/// The reply in flight: whether one is, what it waits for, a stop asked, a retry's wait, and its pace.
public struct ReplyState: Sendable {
    public var isReplying = false
    /// Esc or Ctrl+C asked the reply in flight to stop; a second Ctrl+C before it has ended quits.
    public var cancelRequested = false
    /// The retry being waited for, and when it goes: the status line counts down to it.
    public var retryNotice: RetryNotice?
    public var retryUntil: ContinuousClock.Instant?
    /// The reply streaming now: its wait for the first token and its pace.
    public var replySpeed: ReplySpeed?
    /// The last reply's, kept on the status line once it is over.
    public var lastReplySpeed: ReplySpeed?
    /// MCP servers the request waits for (still starting); the cancel key sends without them.
    public var waitingForTools: [String] = []
    /// The tool call running now, as "server · tool", for the status line.
    public var runningTool: String?

    public init() {}
}
