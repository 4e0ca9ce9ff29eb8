/// What the status line says: the latest message, whether it is an error, and a save failure that stays.
public struct StatusState: Sendable {
    public var text: String?
    public var isError = false
    /// Bumped each time a status is set, the same words or not: plain mode says each one once.
    public var revision = 0
    /// The status is a retry's countdown, set again each second: plain mode says it once per retry.
    public var isCountdown = false
    /// Why this conversation is not being saved. It stays on the status line (under any newer message)
    /// until another conversation starts: every message from now on is lost on exit, so it must not scroll away.
    public var saveFailure: String?

    public init() {}
}
