import Foundation
import NatterProviders

/// How fast a reply came, as a person judges a model: the wait for its first token apart from the pace after it.
/// Counting from the request made a server that spent 2.3 s on the prompt read 2 tok/s where it streamed 79.
public struct ReplySpeed: Sendable, Hashable {
    public var sent: ContinuousClock.Instant
    public var firstToken: ContinuousClock.Instant?
    public var lastToken: ContinuousClock.Instant?
    /// Text and reasoning chunks received (a chunk is a token or a few, as servers send them).
    public var tokens = 0

    public init(sent: ContinuousClock.Instant) {
        self.sent = sent
    }

    public mutating func token(at now: ContinuousClock.Instant) {
        if firstToken == nil { firstToken = now }
        lastToken = now
        tokens += 1
    }

    /// A token after the first, counted without reading the clock (the per-token path); `ended(at:)` closes the span.
    public mutating func token() {
        tokens += 1
    }

    public mutating func ended(at now: ContinuousClock.Instant) {
        if firstToken != nil { lastToken = now }
    }

    /// A token that came at `now` (the time of the event that brought it): the first one's time is kept, the rest
    /// only count.
    public mutating func received(at now: ContinuousClock.Instant) {
        if firstToken == nil { token(at: now) } else { token() }
    }

    /// Tokens a second from the first token on: to `now` while streaming, to the last token once over. nil
    /// until there is a fair span to measure (two tokens, 0.2 s).
    public func tokensPerSecond(now: ContinuousClock.Instant? = nil) -> Double? {
        guard let first = firstToken, tokens > 1, let end = now ?? lastToken else { return nil }
        let seconds = (end - first).inSeconds
        guard seconds >= 0.2 else { return nil }
        return Double(tokens - 1) / seconds
    }

    public var timeToFirstToken: Duration? { firstToken.map { $0 - sent } }

    /// The wait for the first token when it is worth saying (half a second or more); a quicker one is noise.
    public var noteworthyWait: Duration? { timeToFirstToken.flatMap { $0 >= .milliseconds(500) ? $0 : nil } }

    /// "79 tok/s · first token 2.3 s", as much of it as is known and worth saying.
    public func summary(now: ContinuousClock.Instant? = nil) -> String {
        var parts: [String] = []
        if let rate = tokensPerSecond(now: now) { parts.append("\(Int(rate.rounded())) tok/s") }
        if let wait = noteworthyWait { parts.append("first token \(Self.seconds(wait))") }
        return parts.joined(separator: " · ")
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
    }
}
