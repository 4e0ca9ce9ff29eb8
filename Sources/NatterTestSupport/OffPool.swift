import Foundation

/// Blocking work (a program run to its end, a sleep-and-look loop) on a thread of its own. Swift's cooperative
/// task threads are as many as the cores, two on this machine; a test that blocks one of them stalls every other
/// test's servers and deadlines with it. In CI two headless Chromium runs held both for about ten seconds, and
/// loopback servers in the same process went unanswered until natter's own 10 s limit gave up on them.
public enum OffPool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    public static func run<T: Sendable>(throwing work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run { Result { try work() } }.get()
    }
}
