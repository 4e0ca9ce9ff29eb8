import NatterProviders

/// Going on with a saved session, built here and nowhere else (the chat's review, `natter -c`, `--session`,
/// pipe mode): the session itself when this natter can take its file, else (another natter has it open) a
/// new session holding a copy of it, so that neither conversation is forked silently by two writers. It
/// picks up with the provider and model it last used while that provider still exists, else `fallback`;
/// `continueWith`, when given and different, is recorded as a switch by `begin()`.
public enum SessionContinuation {
    public struct Opened: Sendable {
        public var session: ChatSession
        /// The id the conversation goes on in: the saved one's, or its copy's.
        public var id: String
        /// Said to the person: the session was open elsewhere and a copy goes on, or it cannot be written.
        public var notice: String?
        /// Where the conversation goes on: the provider and model of its next request.
        public var selection: Origin
        private var switchTo: Origin?

        init(session: ChatSession, id: String, notice: String?, start: Origin, continueWith: Origin?) {
            self.session = session
            self.id = id
            self.notice = notice
            selection = continueWith ?? start
            switchTo = continueWith == start ? nil : continueWith
        }

        /// The parameters and system prompt the saved conversation last set, which it goes on with.
        var parameters: ModelParameters?
        var systemPrompt: String?

        /// Records the switch to `continueWith`, if there is one, and takes up the saved parameters. Call
        /// before anything else is asked of the session.
        public func begin() async {
            if let parameters { await session.restoreParameters(parameters) }
            if let systemPrompt { await session.restoreSystemPrompt(systemPrompt) }
            guard let switchTo else { return }
            await session.switchTo(provider: switchTo.provider, model: switchTo.model)
        }
    }

    public static func open(
        _ id: String, transcript: Transcript, store: SessionStore, registry: ProviderRegistry, context: ProviderContext = .live,
        fallback: Origin, continueWith: Origin? = nil, attachments: AttachmentStore? = nil
    ) -> Opened {
        let last = transcript.lastSelection.flatMap { registry.entry(named: $0.provider) != nil ? Origin(provider: $0.provider, model: $0.model) : nil }
        let start = last ?? fallback
        func make(_ id: String, _ path: String, _ writer: TranscriptWriter?) -> ChatSession {
            ChatSession(
                id: id, registry: registry, context: context, provider: start.provider, model: start.model, transcriptPath: path,
                conversation: transcript.conversation, writer: writer, attachments: attachments)
        }
        func opened(_ session: ChatSession, _ id: String, _ notice: String?) -> Opened {
            var opened = Opened(session: session, id: id, notice: notice, start: start, continueWith: continueWith)
            opened.parameters = transcript.lastParameters
            opened.systemPrompt = transcript.lastSystemPrompt
            return opened
        }
        let path = store.path(for: id)
        do {
            return opened(make(id, path, try TranscriptWriter(path: path)), id, nil)
        } catch .busy {
            do {
                let copy = try store.fork(id: id)
                let notice = "session \(id) is open in another natter: this one goes on in a copy of it, \(copy)"
                return opened(make(copy, store.path(for: copy), try TranscriptWriter(path: store.path(for: copy))), copy, notice)
            } catch {
                return opened(make(id, path, nil), id, "\(error.description); this conversation goes on unsaved")
            }
        } catch {
            return opened(make(id, path, nil), id, error.description)
        }
    }
}
