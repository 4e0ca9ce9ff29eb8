import Foundation
import NatterProviders

/// One conversation: its messages, the provider and model it talks to now, and the reply in flight. The UI
/// sends intents (send, cancel, switch, regenerate) and reads `events`; nothing here knows about a terminal.
public actor ChatSession {
    public nonisolated let id: String
    /// Every event, unless the session was made to deliver them to a handler (`deliverEvents(to:)`).
    public nonisolated var events: AsyncStream<SessionEvent> { outlet.events }
    private nonisolated let outlet: SessionEventOutlet

    public private(set) var messages: [StoredMessage]
    public private(set) var providerName: String
    public private(set) var model: String
    public var systemPrompt: String?

    private let registry: ProviderRegistry
    private let context: ProviderContext
    private let transcriptPath: String?
    private var writer: TranscriptWriter?
    private var saveFailureReported = false
    private var reply: Task<Void, Never>?
    /// This session made its file (it was not resumed), and how many of `messages` are not in it (their file
    /// was discarded: they never reached a model).
    private var createdFile = false
    private var unsavedMessages = 0
    /// Streamed text not yet in a `partial` record, and the timer that will write it.
    private var unsavedProgress: ReplyProgress?
    private var progressFlush: Task<Void, Never>?

    /// - Parameters:
    ///   - transcriptPath: where to save; nil keeps the conversation in memory only (`--no-save`).
    ///   - history: messages of a resumed session, already on disk.
    ///   - eventsToHandler: events wait for `deliverEvents(to:)` instead of going to `events`.
    ///   - writer: the transcript already opened (and so locked) by whoever resumed it (SessionContinuation).
    public init(
        id: String = SessionID.make(), registry: ProviderRegistry, context: ProviderContext = .live, provider: String,
        model: String, transcriptPath: String?, history: [StoredMessage] = [], eventsToHandler: Bool = false,
        writer: TranscriptWriter? = nil
    ) {
        self.writer = writer
        self.id = id
        self.registry = registry
        self.context = context
        self.providerName = provider
        self.model = model
        self.transcriptPath = transcriptPath
        self.messages = history
        outlet = SessionEventOutlet(toHandler: eventsToHandler)
    }

    public var isReplying: Bool { reply != nil }

    /// For a session made with `eventsToHandler`: every event so far and from now on goes to `handler`, in
    /// order, called on the session's executor (it must be quick). nil stops the delivery.
    public nonisolated func deliverEvents(to handler: (@Sendable (SessionEvent) -> Void)?) {
        outlet.connect(handler)
    }

    /// Sends the person's message. Returns false (and does nothing) while a reply is still streaming.
    @discardableResult
    public func send(_ text: String) -> Bool {
        guard reply == nil else { return false }
        let message = StoredMessage(role: .user, content: text, provider: providerName, model: model)
        messages.append(message)
        save(.message(message))  // on disk before the request leaves
        outlet.emit(.userMessage(message))
        startReply()
        return true
    }

    /// Asks the current provider again for the last reply, replacing it in the conversation.
    @discardableResult
    public func regenerate() -> Bool {
        guard reply == nil, messages.contains(where: { $0.role == .user }) else { return false }
        if messages.last?.role == .assistant { messages.removeLast() }
        startReply()
        return true
    }

    /// Stops the reply in flight; its partial text is kept and marked cancelled.
    public func cancel() {
        reply?.cancel()
    }

    /// The next request goes to this provider and model; the whole history goes with it.
    public func switchTo(provider: String, model: String) {
        guard provider != providerName || model != self.model else { return }
        providerName = provider
        self.model = model
        save(.switchModel(provider: provider, model: model, at: Date()))
        outlet.emit(.switched(provider: provider, model: model))
    }

    public func setSystemPrompt(_ prompt: String?) {
        systemPrompt = prompt
    }

    public func setTitle(_ title: String) {
        save(.title(title))
    }

    /// Waits for the reply in flight, if any, to end.
    public func waitForReply() async {
        await reply?.value
    }

    /// Ends the event stream; call when the UI goes away.
    public func close() {
        reply?.cancel()
        outlet.finish()
    }

    /// The messages a provider is sent: failed empty replies left out, of a run of assistant replies (a
    /// regenerated answer follows the one it replaced in the file) only the last, and a run of the person's
    /// messages (a reply failed or was lost in between) as one: providers refuse two user turns in a row.
    nonisolated static func requestHistory(_ messages: [StoredMessage]) -> [ChatMessage] {
        var history: [ChatMessage] = []
        for message in messages where !(message.role == .assistant && message.content.isEmpty) {
            if message.role == .assistant, history.last?.role == .assistant { history.removeLast() }
            if message.role == .user, let last = history.last, last.role == .user {
                history[history.count - 1] = ChatMessage(role: .user, content: last.content + "\n\n" + message.content)
                continue
            }
            history.append(message.chatMessage)
        }
        return history
    }

    /// How often the text of a streaming reply is written as a `partial` record: a killed natter loses at
    /// most this much of a reply, and a long reply costs a line a second, not a line a token.
    static let partialSaveInterval = Duration.seconds(1)

    private func startReply() {
        let providerName = self.providerName
        let model = self.model
        let history = Self.requestHistory(messages)
        let config = ModelConfig(model: model, systemPrompt: systemPrompt)
        outlet.emit(.replyStarted(provider: providerName, model: model))
        reply = Task {
            let provider: any Provider
            do {
                provider = try registry.provider(named: providerName, context: context)
            } catch {
                finishReply(
                    StoredMessage(
                        role: .assistant, content: "", provider: providerName, model: model, finish: .error,
                        error: String(describing: error)),
                    reachedServer: false)
                return
            }
            await stream(provider.stream(history, config: config), provider: providerName, model: model)
        }
    }

    private func stream(_ chunks: AsyncThrowingStream<StreamChunk, any Error>, provider: String, model: String) async {
        var text = ""
        var reasoning = ""
        var usage: Usage?
        var finish: MessageFinish?
        var failure: String?
        var reachedServer = true
        defer { dropProgress() }
        do {
            for try await chunk in chunks {
                switch chunk {
                case .text(let piece):
                    text += piece
                    noteProgress(text: piece, provider: provider, model: model)
                    outlet.emit(.text(piece))
                case .reasoning(let piece):
                    reasoning += piece
                    noteProgress(reasoning: piece, provider: provider, model: model)
                    outlet.emit(.reasoning(piece))
                case .toolCall(let call):
                    outlet.emit(.toolCall(call))
                case .usage(let reported):
                    usage = (usage ?? Usage()).updated(with: reported)
                    outlet.emit(.usage(reported))
                case .retrying(let notice):
                    outlet.emit(.retrying(notice))
                case .finished(let reason):
                    switch reason {
                    case .length: finish = .length
                    case .contentFilter: finish = .contentFilter
                    case .stop, .toolCalls: finish = .stop
                    }
                }
            }
            // A cancelled stream ends quietly; one that ended without `.finished` is not complete either.
            if Task.isCancelled {
                finish = .cancelled
            } else if finish == nil {
                finish = .interrupted
                failure = "the reply ended before it was complete"
            }
        } catch is CancellationError {
            finish = .cancelled
        } catch let error as ProviderError {
            finish = error.isInterruption ? .interrupted : .error
            failure = error.description
            reachedServer = error.reachedServer
        } catch {
            finish = .error
            failure = TerminalText.singleLine(String(describing: error), limit: 300)
        }
        finishReply(
            StoredMessage(
                role: .assistant, content: text, reasoning: reasoning.isEmpty ? nil : reasoning, provider: provider,
                model: model, usage: usage, finish: finish, error: failure),
            reachedServer: reachedServer)
    }

    /// Keeps streamed text for the next `partial` record, written at most `partialSaveInterval` after the
    /// first piece it holds arrived, however the stream goes on (or stalls) meanwhile.
    private func noteProgress(text: String = "", reasoning: String = "", provider: String, model: String) {
        // Appended in place: a copy taken out and put back would copy the text held so far at every token.
        if unsavedProgress == nil { unsavedProgress = ReplyProgress(text: "", provider: provider, model: model) }
        unsavedProgress!.text += text
        unsavedProgress!.reasoning += reasoning
        guard progressFlush == nil else { return }
        progressFlush = Task { [weak self] in
            try? await Task.sleep(for: Self.partialSaveInterval)
            await self?.flushProgress()
        }
    }

    private func flushProgress() {
        guard !Task.isCancelled else { return }  // that reply ended; this timer is not the current one
        progressFlush = nil
        guard let progress = unsavedProgress else { return }
        unsavedProgress = nil
        save(.partial(progress))
    }

    /// The reply ended: its own record, written next, holds all of it.
    private func dropProgress() {
        progressFlush?.cancel()
        progressFlush = nil
        unsavedProgress = nil
    }

    /// `reachedServer` false: the request never got to a server (connection refused, no such provider, a
    /// missing key). A conversation that is only that one question is then not kept as a session: its file
    /// goes, and comes back, with the question, when something is said that does reach a model.
    private func finishReply(_ message: StoredMessage, reachedServer: Bool = true) {
        messages.append(message)
        if !reachedServer, createdFile, messages.count == 2, let transcriptPath {
            writer = nil
            unlink(transcriptPath)
            createdFile = false
            unsavedMessages = messages.count
        } else {
            save(.message(message))
        }
        reply = nil
        outlet.emit(.replyEnded(message))
    }

    private func openWriter() throws(TranscriptError) {
        guard writer == nil, let transcriptPath else { return }
        let opened = try TranscriptWriter(path: transcriptPath)
        let isNew = (try? FileManager.default.attributesOfItem(atPath: transcriptPath)[.size] as? Int) == 0
        if isNew {
            try opened.append(.session(SessionHeader(id: id, created: Date())))
            createdFile = true
        }
        writer = opened
        // Messages whose file was discarded (see finishReply) go back in first.
        if unsavedMessages > 0 {
            try opened.append(contentsOf: messages.prefix(unsavedMessages).map { .message($0) })
            unsavedMessages = 0
        }
    }

    private func save(_ record: TranscriptRecord) {
        guard transcriptPath != nil else { return }
        do {
            try openWriter()
            try writer?.append(record)
            saveFailureReported = false
        } catch {
            writer = nil
            // Said once per run of failures: the person needs to know, not to be told on every token.
            if !saveFailureReported { outlet.emit(.saveFailed(error.description)) }
            saveFailureReported = true
        }
    }
}
