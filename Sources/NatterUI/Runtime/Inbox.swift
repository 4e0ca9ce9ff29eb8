import Foundation
import NatterProviders
import Synchronization

/// Messages from other threads (session events, signals) to the UI thread, which waits for them in `poll`
/// beside the keyboard: a post to an empty inbox writes a byte to a pipe, so nothing ever polls on a timer.
/// Posts to an inbox not yet drained write nothing: its byte is already on the way, and a token streaming
/// in cost a system call each.
final class Inbox: Sendable {
    enum Message: Sendable {
        case app(App.Event)
        case resize
        /// A signal asked natter to end (SIGTERM, SIGHUP, SIGINT).
        case terminate(signal: Int32)
    }

    private let messages = Mutex<[Message]>([])
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() {
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    func post(_ message: Message) {
        let wasEmpty = messages.withLock { pending in
            defer { pending.append(message) }
            return pending.isEmpty
        }
        guard wasEmpty else { return }
        // From the network thread, once it has done what it is doing: a read's tokens reach the UI together.
        NetworkThread.shared.afterWork { [self] in
            var byte: UInt8 = 1
            _ = write(writeDescriptor, &byte, 1)  // a full pipe already means "wake up"
        }
    }

    func drain() -> [Message] {
        // The pipe is emptied before the messages are taken: a post that finds them taken (the inbox empty)
        // writes again, so no message is ever left without a byte to wake the UI for it.
        // A read that fills less than the buffer found the pipe empty: no second read to hear so (one system call
        // a frame while a reply streams). A byte written after it wakes the UI once more, as one written after
        // any read would.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            while read(readDescriptor, buffer.baseAddress, buffer.count) == buffer.count {}
        }
        return messages.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
