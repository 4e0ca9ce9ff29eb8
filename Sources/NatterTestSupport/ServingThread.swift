import Foundation

/// A thread of its own that runs the tasks of the tests' loopback servers and of their waits, apart from Swift's
/// cooperative pool. That pool has as many threads as cores (two here), and the suite's heavy synchronous tests
/// (a 20,000-deep tree written as HTML, a huge message scrolled through, random frames painted) hold them for
/// seconds at a time: a server whose tasks ran there went unanswered past natter's 10 s discovery limit in CI,
/// and a wait's deadline passed while it could not look. Here they only queue behind each other's short jobs.
public final class ServingThread: TaskExecutor, @unchecked Sendable {
    public static let shared = ServingThread()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in run() }
        thread.name = "natter-test-serving"
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let next = jobs.removeFirst()
            condition.unlock()
            next.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
