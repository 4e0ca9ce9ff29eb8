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
    private let origin = ContinuousClock.now
    /// The frame slot (`FramePace.interval` long, counted from `origin`) whose end the thread last slept to.
    private let pausedSlot = Atomic<Int64>(-1)

    private init() {
        // Never shut down: it lives as long as the process.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // From the loop itself (a resumed continuation, mostly) this only queues the job: no wake-up.
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Said by a streaming reply's reader each time it has handed on what arrived. The first time in a frame
    /// slot, the thread sleeps to the slot's end once the work this read set going is done (the reader's other
    /// chunks, the session's events, the UI's wake-up): what arrives meanwhile waits in the socket and is read in
    /// one go, one wake-up a frame instead of one a token. A token waits at most a frame, as it would for the
    /// screen anyway; other replies streaming at once (compare) are read at the same pace.
    ///
    /// Only on this thread, and only while bytes keep coming: a reply slower than one read a frame wakes the
    /// thread as each read arrives, as before.
    public func paceReading() {
        guard loop.inEventLoop else { return }
        let slotNumber = Int64(((ContinuousClock.now - origin) / FramePace.interval).rounded(.down))
        guard pausedSlot.exchange(slotNumber, ordering: .relaxed) != slotNumber else { return }
        // Queued twice: the first turn lets what this read resumed (queued before now) run, the second whatever
        // that resumed in turn.
        loop.execute { [loop, origin] in
            loop.execute { [origin] in
                let wait = origin + FramePace.interval * Double(slotNumber + 1) - .now
                if wait > .zero { Thread.sleep(forTimeInterval: wait.inSeconds) }
            }
        }
    }
}
