import Foundation

/// Waits for an operation, a time limit, or the waiting task's cancellation, whichever comes first, and
/// returns at once when it is the limit or the cancellation. A task group would wait for its child to
/// finish, and not every operation ends when its task is cancelled (a write to a server that does not read,
/// an HTTP request being set up): the operation is left to end by itself (natter then disconnects or
/// cancels it on its server).
enum Race {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case failed(any Error)
        case timedOut
        case cancelled
    }

    static func run<Value: Sendable>(
        limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        let first = FirstOutcome<Value>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let work = Task {
                    do { first.resolve(.finished(try await operation())) } catch { first.resolve(.failed(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    first.resolve(.timedOut)
                }
                first.wait(continuation) {
                    work.cancel()
                    timer.cancel()
                }
            }
        } onCancel: {
            first.resolve(.cancelled)
        }
    }
}

/// The first outcome wins; it may come before anyone waits (a task cancelled already).
private final class FirstOutcome<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Race.Outcome<Value>?
    private var waiter: CheckedContinuation<Race.Outcome<Value>, Never>?
    private var cleanup: (@Sendable () -> Void)?

    func wait(_ continuation: CheckedContinuation<Race.Outcome<Value>, Never>, cleanup: @escaping @Sendable () -> Void) {
        let ready: Race.Outcome<Value>? = lock.withLock {
            if let outcome { return outcome }
            waiter = continuation
            self.cleanup = cleanup
            return nil
        }
        if let ready {
            cleanup()
            continuation.resume(returning: ready)
        }
    }

    func resolve(_ value: Race.Outcome<Value>) {
        let (waiter, cleanup): (CheckedContinuation<Race.Outcome<Value>, Never>?, (@Sendable () -> Void)?) = lock.withLock {
            guard outcome == nil else { return (nil, nil) }
            outcome = value
            defer { self.waiter = nil; self.cleanup = nil }
            return (self.waiter, self.cleanup)
        }
        cleanup?()
        waiter?.resume(returning: value)
    }
}
