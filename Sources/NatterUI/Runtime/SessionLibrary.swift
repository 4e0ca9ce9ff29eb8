import Foundation
import NatterProviders
import NatterSession
import Synchronization

/// The runner's hands for saved sessions: it lists, searches, reads, renames, deletes and exports them off
/// the UI thread and posts what it finds to the inbox, so a large folder never freezes the screen.
final class SessionLibrary: Sendable {
    let store: SessionStore
    /// Where attached files are kept: a deleted session's go with it unless another session names them,
    /// and a Markdown export links them.
    let attachments: AttachmentStore?
    private let inbox: Inbox
    private let search = Mutex<Task<Void, Never>?>(nil)
    /// The transcript under review, kept for resuming it without reading the file again.
    private let reviewed = Mutex<(id: String, transcript: Transcript)?>(nil)

    init(store: SessionStore, attachments: AttachmentStore?, inbox: Inbox) {
        self.store = store
        self.attachments = attachments
        self.inbox = inbox
    }

    func list() {
        let (store, inbox) = (self.store, self.inbox)
        Task.detached { inbox.post(.app(.sessionsListed(store.list()))) }
    }

    /// Replaces any search in flight: each keystroke starts a new one and ends the old.
    /// - Parameter among: the sessions to search, newest first; nil lists them first.
    func search(_ query: String, among known: [String]? = nil) {
        cancelSearch()
        guard let search = TranscriptSearch(query) else { return }
        let (store, inbox) = (self.store, self.inbox)
        let task = Task.detached {
            let ids = known ?? store.list().map(\.id)
            search.run(in: store, ids: ids, shouldStop: { Task.isCancelled }) { hits in
                inbox.post(.app(.searchHits(query: query, hits)))
            }
            if !Task.isCancelled { inbox.post(.app(.searchFinished(query: query))) }
        }
        self.search.withLock { $0 = task }
    }

    /// What the person typed in every saved session but the live one (its messages the app has), newest first, in
    /// batches; it runs as a search does, and the next search or the overlay's closing ends it.
    func loadTypedHistory(besides live: String) {
        cancelSearch()
        let (store, inbox) = (self.store, self.inbox)
        let task = Task.detached {
            let ids = store.list().filter { !$0.isForeign && $0.id != live }.map(\.id)
            TypedHistory.read(from: store, ids: ids, shouldStop: { Task.isCancelled }) { batch in
                inbox.post(.app(.typedHistory(batch, done: false)))
            }
            if !Task.isCancelled { inbox.post(.app(.typedHistory([], done: true))) }
        }
        search.withLock { $0 = task }
    }

    func cancelSearch() {
        search.withLock {
            $0?.cancel()
            $0 = nil
        }
    }

    func open(id: String, focusMessage: String?, highlight: String?) {
        let (store, inbox) = (self.store, self.inbox)
        Task.detached { [self] in
            do {
                let transcript = try store.read(id: id)
                self.reviewed.withLock { $0 = (id, transcript) }
                let summary = SessionSummary(id: id, transcript: transcript)
                inbox.post(.app(.sessionOpened(summary, transcript: transcript, focus: focusMessage, highlight: highlight)))
            } catch {
                inbox.post(.app(.notice(String(describing: error), isError: true)))
            }
        }
    }

    /// The reviewed transcript, if it is the one asked for.
    func transcript(id: String) -> Transcript? {
        reviewed.withLock { $0?.id == id ? $0?.transcript : nil }
    }

    func rename(id: String, title: String) {
        do {
            try store.rename(id: id, to: title)
            inbox.post(.app(.sessionRenamed(id: id, title: title)))
        } catch {
            inbox.post(.app(.notice(error.description, isError: true)))
        }
    }

    /// A mark the browser shows already; only a failure is said.
    func mark(id: String, _ mark: SessionMark, _ on: Bool) {
        do {
            try store.mark(id: id, mark, on)
        } catch {
            inbox.post(.app(.notice(error.description, isError: true)))
        }
    }

    func delete(id: String) {
        do {
            try store.delete(id: id, attachments: attachments)
            inbox.post(.app(.sessionDeleted(id: id)))
        } catch {
            inbox.post(.app(.notice(error.description, isError: true)))
        }
    }

    /// Writes the session as Markdown; a relative path is taken from the folder natter was started in.
    func export(id: String, path: String) {
        // Said as an absolute path: "exported to notes.md" does not say where that is.
        let expanded = (path as NSString).expandingTildeInPath
        let target = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        do {
            let transcript = try store.read(id: id)
            try Data(TranscriptExport.render(transcript, id: id, format: .markdown, attachments: attachments).utf8).write(to: URL(fileURLWithPath: target))
            inbox.post(.app(.notice("exported \(transcript.activeBranch.count) messages to \(target)", isError: false)))
        } catch let error as TranscriptError {
            inbox.post(.app(.notice(error.description, isError: true)))
        } catch {
            inbox.post(.app(.notice("cannot write \(target): \(error.localizedDescription)", isError: true)))
        }
    }
}
