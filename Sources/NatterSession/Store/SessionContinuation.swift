/// Going on with a saved session: the session itself when this natter can take its file, else (another
/// natter has it open) a new session holding a copy of it, so that neither conversation is forked silently
/// by two writers. Every place that resumes a session (the chat's review, `natter -c`, `--session`, pipe
/// mode) comes through here.
public enum SessionContinuation {
    public struct Opened {
        public var session: ChatSession
        /// The id the conversation goes on in: the saved one's, or its copy's.
        public var id: String
        /// Said to the person: the session was open elsewhere and a copy goes on, or it cannot be written.
        public var notice: String?
    }

    /// `make` builds the session for an id, its file and the writer that holds the file's lock (nil when the
    /// file cannot be written: the session then says so at its first save).
    public static func open(
        _ id: String, store: SessionStore, make: (_ id: String, _ path: String, _ writer: TranscriptWriter?) -> ChatSession
    ) -> Opened {
        let path = store.path(for: id)
        do {
            return Opened(session: make(id, path, try TranscriptWriter(path: path)), id: id, notice: nil)
        } catch .busy {
            do {
                let copy = try store.fork(id: id)
                let notice = "session \(id) is open in another natter: this one goes on in a copy of it, \(copy)"
                return Opened(session: make(copy, store.path(for: copy), try TranscriptWriter(path: store.path(for: copy))), id: copy, notice: notice)
            } catch {
                return Opened(session: make(id, path, nil), id: id, notice: "\(error.description); this conversation goes on unsaved")
            }
        } catch {
            return Opened(session: make(id, path, nil), id: id, notice: error.description)
        }
    }
}
