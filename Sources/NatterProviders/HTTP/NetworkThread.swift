import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The one thread natter's HTTP runs on, and a task executor onto it.
///
/// A streaming reply's tasks (the body's reader, the session that turns chunks into events) prefer it, so a token
/// goes from the socket to the UI's inbox without crossing a thread: at 200 tokens a second, each crossing woke a
/// thread of the shared pool, and those wake-ups cost more than everything the tokens were for.
///
/// And while replies stream, the thread reads at most once a frame (`paceReading`): a person cannot see tokens
/// sooner than the next frame shows them, and a wake-up per token (the kernel's scheduling, `epoll`, a read, the
/// HTTP layers) was most of what remained.
public final class NetworkThread: TaskExecutor {
    /// One thread is plenty: natter streams a few replies at most, and each reply's work is small.
    public static let shared = NetworkThread()

    public let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    /// The frame slot (`FramePace`) whose end the thread last slept to.
    private let pausedSlot = Atomic<Int64>(-1)
    /// Jobs queued on the thread so far: what waits for the thread to be idle waits until no more come.
    private let jobsQueued = Atomic<Int>(0)
    private let idleWork = Mutex(IdleWork())

    private init() {
        // Never shut down: it lives as long as the process.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // From the loop itself (a resumed continuation, mostly) this only queues the job: no wake-up.
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        // Counted once queued: an idle check that reads the count before this was queued after the job, and the
        // loop runs the job first.
        jobsQueued.wrappingAdd(1, ordering: .relaxed)
    }

    /// Said by a streaming reply's reader each time it has handed on what arrived. The first time in a frame
    /// slot, once the thread has nothing left to do (the reader's other chunks, the session's events, the UI's
    /// wake-up), it sleeps to the slot's end: what arrives meanwhile waits in the socket and is read in one go at
    /// the next slot's start, one wake-up a frame instead of one a token. A token waits at most a frame, as it
    /// would for the screen anyway; other replies streaming at once (compare) are read at the same pace.
    ///
    /// Only on this thread, and only while bytes keep coming: a reply slower than one read a frame wakes the
    /// thread as each read arrives, as before.
    public func paceReading() {
        guard loop.inEventLoop else { return }
        let slot = FramePace.slot(at: .now)
        guard pausedSlot.exchange(slot, ordering: .relaxed) != slot else { return }
        whenIdle { $0.sleepSlot = slot }
    }

    /// Runs `action` once this thread has done what it is doing: on the thread, when the work queued so far (and
    /// what that queues) has run; from any other thread, now. The UI's inbox wakes the UI this way, so that the
    /// UI draws a read's chunks together: woken by the first, it drew one token and the rest waited a frame.
    public func afterWork(_ action: @escaping @Sendable () -> Void) {
        guard loop.inEventLoop else { return action() }
        whenIdle { $0.actions.append(action) }
    }

    /// What waits for the thread to be idle: actions, then the pacing's sleep.
    private struct IdleWork {
        var actions: [@Sendable () -> Void] = []
        var sleepSlot: Int64?
        var checking = false
    }

    private func whenIdle(_ add: (inout IdleWork) -> Void) {
        let startCheck = idleWork.withLock { work in
            add(&work)
            defer { work.checking = true }
            return !work.checking
        }
        if startCheck { checkIdle(jobsQueuedBefore: jobsQueued.load(ordering: .relaxed)) }
    }

    /// The loop runs what is queued in order: when this comes up and no job was queued since it was, everything
    /// the read set going has run. (The session takes a reply's chunks one job each: a fixed number of turns
    /// was not enough, and the chunks it had not taken waited a frame.)
    private func checkIdle(jobsQueuedBefore queued: Int) {
        loop.execute { [self] in
            let now = jobsQueued.load(ordering: .relaxed)
            guard now == queued else { return checkIdle(jobsQueuedBefore: now) }
            let work = idleWork.withLock { work in
                defer { work = IdleWork() }
                return work
            }
            for action in work.actions { action() }
            guard let slot = work.sleepSlot else { return }
            let wait = FramePace.start(of: slot + 1) - .now
            if wait > .zero { Thread.sleep(forTimeInterval: wait.inSeconds) }
        }
    }
}
