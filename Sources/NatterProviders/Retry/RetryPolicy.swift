import Foundation

/// When and how long to wait before trying a failed request again. Defaults are the seed's.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var exponentialBase: Double

    public init(
        maxRetries: Int = 3, initialDelay: Duration = .milliseconds(1000), maxDelay: Duration = .milliseconds(60000),
        exponentialBase: Double = 2.0
    ) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.exponentialBase = exponentialBase
    }

    public static let standard = RetryPolicy()

    /// The wait before retry number `retry` (1-based). `jitter` in 0...1 spreads the wait over the upper half
    /// of the backoff ("equal jitter"), so clients that failed together do not retry together, yet no wait is
    /// shorter than half the backoff. A `Retry-After` from the server replaces the backoff entirely.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, jitter: Double) -> Duration {
        if let retryAfter { return retryAfter }
        let initialSeconds = initialDelay.inSeconds
        let exponent = Double(max(0, retry - 1))
        let backoff = min(maxDelay.inSeconds, initialSeconds * pow(exponentialBase, exponent))
        let clamped = min(max(jitter, 0), 1)
        return .milliseconds(Int64((backoff * (0.5 + 0.5 * clamped) * 1000).rounded()))
    }
}
