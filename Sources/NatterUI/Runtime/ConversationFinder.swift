import Synchronization

/// Runs Ctrl+F's searches off the UI thread, one at a time: each keystroke's search replaces the one
/// running, and its matches reach the UI through the inbox.
final class ConversationFinder: Sendable {
    private let inbox: Inbox
    private let running = Mutex<Task<Void, Never>?>(nil)

    init(inbox: Inbox) {
        self.inbox = inbox
    }

    func find(_ query: String, generation: Int, in corpus: FindCorpus) {
        let inbox = self.inbox
        let task = Task.detached(priority: .userInitiated) {
            if let first = corpus.firstMatch(of: query, shouldStop: { Task.isCancelled }), !Task.isCancelled {
                inbox.post(.app(.firstFindMatch(generation: generation, first)))
            }
            guard let matches = corpus.matches(of: query, shouldStop: { Task.isCancelled }), !Task.isCancelled else { return }
            inbox.post(.app(.findResults(generation: generation, matches)))
        }
        running.withLock {
            $0?.cancel()
            $0 = task
        }
    }

    func cancel() {
        running.withLock {
            $0?.cancel()
            $0 = nil
        }
    }
}
