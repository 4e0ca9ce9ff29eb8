import Dispatch
import Synchronization

/// Two pieces of work the caller needs both of, run at once: the first on another thread, the second on the
/// caller's. Listing sessions reads its index while it looks at the folder's files, each about half of the
/// time it took to list 20,000 sessions one after the other.
func bothAtOnce<First: Sendable, Second>(_ first: @escaping @Sendable () -> First, _ second: () -> Second) -> (First, Second) {
    let made = Mutex<First?>(nil)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global(qos: .userInitiated).async {
        let value = first()
        made.withLock { $0 = value }
        done.signal()
    }
    let other = second()
    done.wait()
    return (made.withLock { $0.take()! }, other)
}
