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

    /// The retry's wait in whole seconds, rounded up: "retrying in 3 s" until the third second is over.
    public func retrySecondsLeft(at now: ContinuousClock.Instant) -> Int? {
        guard let retryUntil else { return nil }
        let left = max(0, (retryUntil - now).inSeconds)
        return left < 0.05 ? 0 : Int(left.rounded(.up))
    }

    /// How long until the count shown changes, so the runner wakes for each second of it and no other
    /// time: woken every second from an arbitrary start, a late wake skipped a number ("3", "2", then "0").
    public func retryCountChanges(after now: ContinuousClock.Instant) -> Duration? {
        guard let retryUntil else { return nil }
        let left = max(0, (retryUntil - now).inSeconds)
        let toNextSecond = left - left.rounded(.down)
        return .milliseconds(Int((toNextSecond > 0.001 ? toNextSecond : 1) * 1000) + 1)
    }
}
