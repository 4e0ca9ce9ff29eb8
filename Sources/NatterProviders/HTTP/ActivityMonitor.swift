import Synchronization

/// Shared between a request and its watchdog: when data last arrived, and whether any reply content has
/// been shown (after which a failure must not be retried, or the person would see the reply twice).
final class ActivityMonitor: Sendable {
    private struct State {
        var lastActivity: ContinuousClock.Instant
        var receivedHead = false
        var emittedContent = false
    }

    private let state: Mutex<State>

    init() {
        state = Mutex(State(lastActivity: .now))
    }

    func touch() { state.withLock { $0.lastActivity = .now } }
    func markHead() { state.withLock { $0.receivedHead = true; $0.lastActivity = .now } }
    func markContent() { state.withLock { $0.emittedContent = true } }

    var receivedHead: Bool { state.withLock { $0.receivedHead } }
    var emittedContent: Bool { state.withLock { $0.emittedContent } }

    /// Returns only by throwing: once nothing has happened for `timeout`. Sleeps until the next possible
    /// deadline rather than polling, so a quiet stream costs no CPU.
    func watch(timeout: Duration) async throws -> Never {
        while true {
            let deadline = state.withLock { $0.lastActivity } + timeout
            if ContinuousClock.now >= deadline {
                let seconds = timeout.inSeconds
                let amount = seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
                if receivedHead {
                    throw ProviderError(.interrupted, "no data for \(amount) s; the reply is incomplete")
                }
                throw ProviderError(.network, "no response within \(amount) s")
            }
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    }
}
