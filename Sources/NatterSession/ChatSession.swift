import Foundation
import NatterProviders

/// One conversation: its tree of messages, the provider and model it talks to now, and the reply in flight.
/// The UI sends intents (send, ask again, edit, switch branch, cancel, switch model) and receives events
/// through `deliverEvents(to:)`; nothing here knows about a terminal.
public actor ChatSession {
    public nonisolated let id: String
    nonisolated let outlet = SessionEventOutlet()

    public internal(set) var conversation: Conversation
    public private(set) var providerName: String
    public private(set) var model: String
    public var systemPrompt: String?
    /// Sent with every request (SPEC 11): temperature, top_p, max_tokens, seed, reasoning, a provider's own.
    public private(set) var parameters = ModelParameters()

    var registry: ProviderRegistry
    let context: ProviderContext
    /// Where attached files are kept; nil reads none (a request then goes without them).
    let attachmentStore: AttachmentStore?
    /// Model lists discovery found, by provider (learnModels).
    var discoveredModels: [String: [ModelInfo]] = [:]
    /// The model the last "images left out" notice was about, and the attachments said to be missing.
    var imagesLeftOutNoticeFor: Origin?
    var reportedMissing: Set<String> = []
    private let transcriptPath: String?
    private var writer: TranscriptWriter?
    /// Set while a request waits for MCP servers still starting: yielding to it sends without waiting.
    var toolWaitSkip: AsyncStream<Void>.Continuation?
    private var saveFailureReported = false
    /// The reply (or compaction) in flight: while it runs, the session takes no new message.
    var reply: Task<Void, Never>?
    /// This session made its file (it was not resumed), and how many messages of the branch are not in it
    /// (their file was discarded: they never reached a model).
    private var createdFile = false
    private var unsavedMessages = 0
    /// Streamed text not yet in a `partial` record, by reply (compare streams several at once), and the
    /// timer that will write it.
    private var unsavedProgress: [String: ReplyProgress] = [:]
    private var progressFlush: Task<Void, Never>?
    /// Several replies stream at once (compare): none of them compacts the branch or discards the file.
    var isComparing = false
    /// Where tools come from and who approves their calls; nil offers none (`--no-tools`, no servers).
    var tools: ToolSupport?
    /// Tools the person answered "always" for, by the name models call them.
    var alwaysApproved: Set<String> = []
    /// How the conversation gets its title, and whether it has one of the person's or a model's already.
    let titles: TitlePolicy
    var titled = false
    /// The title being asked of a model, off the reply's path.
    var titling: Task<Void, Never>?

    /// - Parameters:
    ///   - transcriptPath: where to save; nil keeps the conversation in memory only (`--no-save`).
    ///   - conversation: a resumed session's tree, already on disk.
    ///   - writer: the transcript already opened (and so locked) by whoever resumed it (SessionContinuation).
    public init(
        id: String = SessionID.make(), registry: ProviderRegistry, context: ProviderContext = .live, provider: String,
        model: String, transcriptPath: String?, conversation: Conversation = Conversation(), writer: TranscriptWriter? = nil,
        attachments: AttachmentStore? = nil, titles: TitlePolicy = TitlePolicy()
    ) {
        self.titles = titles
        self.writer = writer
        self.attachmentStore = attachments
        self.id = id
        self.registry = registry
        self.context = context
        self.providerName = provider
        self.model = model
        self.transcriptPath = transcriptPath
        self.conversation = conversation
    }

    public var isReplying: Bool { reply != nil }

    /// The branch in use, first message first.
    public var messages: [Message] { conversation.path() }

    /// Every event so far and from now on goes to `handler`, in order, called on the session's executor (it
    /// must be quick). nil stops the delivery.
    public nonisolated func deliverEvents(to handler: (@Sendable (SessionEvent) -> Void)?) {
        outlet.connect(handler)
    }

    /// The events as a stream, for a reader that awaits them (pipe mode, tests): a handler that feeds it.
    public nonisolated func eventStream() -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self)
        outlet.connect({ continuation.yield($0) }, finish: { continuation.finish() })
        return stream
    }

    var origin: Origin { Origin(provider: providerName, model: model) }

    /// Sends the person's message after the active leaf or, given `replacing`, as a new sibling of that
    /// message (an edit: the old branch stays). Returns false (and does nothing) while a reply streams, and
    /// when it holds an image the model cannot take (a `notice` says so).
    @discardableResult
    public func send(_ text: String, attachments: [AttachmentRef] = [], replacing edited: String? = nil) -> Bool {
        guard reply == nil else { return false }
        if let refusal = imageRefusal(attachments) ?? windowRefusal(text, attachments: attachments) {
            outlet.emit(.notSent(refusal))
            return false
        }
        var parent = conversation.activeLeaf
        if let edited {
            guard conversation[edited] != nil else { return false }
            parent = conversation.fork(at: edited)
        }
        let message = Message.user(text, attachments: attachments, parent: parent, origin: origin)
        conversation.add(message)
        save(.message(message))  // on disk before the request leaves
        outlet.emit(.messageAdded(message))
        startReply(to: message.id)
        return true
    }

    /// A new reply from the current model: beside reply `id` (the old one stays as its sibling), or to the
    /// person's message `id`. nil: the last reply of the branch, as Ctrl+R asks.
    @discardableResult
    public func askAgain(_ id: String? = nil) -> Bool {
        guard reply == nil else { return false }
        let path = conversation.path()
        guard let target = id.flatMap({ conversation[$0] }) ?? path.last(where: { $0.role == .assistant }) ?? path.last else { return false }
        let question = target.role == .assistant ? target.parent : target.id
        guard let question, conversation[question] != nil else { return false }
        conversation.setActiveLeaf(question)
        startReply(to: question)
        return true
    }

    /// Replaces a reply's text by hand: a new sibling holding `text`, no model called.
    @discardableResult
    public func revise(_ id: String, text: String) -> Bool {
        guard reply == nil, let original = conversation[id], original.role == .assistant else { return false }
        var parts = original.parts.filter { if case .text = $0 { return false } else { return true } }
        parts.insert(.text(text), at: parts.firstIndex { if case .reasoning = $0 { return false } else { return true } } ?? parts.endIndex)
        let revised = Message(
            parent: original.parent, role: .assistant, parts: parts, origin: original.origin, finish: .stop)
        conversation.add(revised)
        save(.message(revised))
        outlet.emit(.messageAdded(revised))
        return true
    }

    /// Shows the branch through `id`; the choice is saved, so reopening the session shows it again.
    public func activate(_ id: String) {
        guard reply == nil, conversation[id] != nil else { return }
        conversation.activate(id)
        guard let leaf = conversation.activeLeaf else { return }
        save(.active(leaf))
        outlet.emit(.activated(leaf: leaf))
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

    /// The providers as they are now, after one was added or signed in to: the next request looks its
    /// provider up here.
    public func use(_ registry: ProviderRegistry) {
        self.registry = registry
    }

    /// The next requests carry it; the change is recorded, so a resumed session has it.
    public func setSystemPrompt(_ prompt: String?) {
        guard prompt != systemPrompt else { return }
        systemPrompt = prompt
        if writer != nil { save(.systemPrompt(prompt)) }
        outlet.emit(.settingsChanged(parameters, systemPrompt: prompt))
    }

    /// A system prompt read back from the transcript: taken up, not recorded again.
    func restoreSystemPrompt(_ prompt: String?) {
        systemPrompt = prompt
        outlet.emit(.settingsChanged(parameters, systemPrompt: prompt))
    }

    /// Parameters read back from the transcript: taken up, not recorded again.
    func restoreParameters(_ parameters: ModelParameters) {
        self.parameters = parameters
        outlet.emit(.settingsChanged(parameters, systemPrompt: systemPrompt))
    }

    /// The next requests carry these; the change is recorded (`params`), so a resumed session has them.
    public func setParameters(_ parameters: ModelParameters) {
        guard parameters != self.parameters else { return }
        self.parameters = parameters
        outlet.emit(.settingsChanged(parameters, systemPrompt: systemPrompt))
        // A session without its file yet writes them when the file is made (openWriter).
        if writer != nil { save(.params(parameters)) }
    }

    public func setTitle(_ title: String) {
        titled = true  // the person's: never replaced by a model's
        save(.title(title))
    }

    /// Pins or archives (or clears either of) this conversation: its file has one writer, this session.
    public func setMark(_ mark: SessionMark, _ on: Bool) {
        save(mark.record(on))
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

    /// What a provider is sent of a branch: under a compaction, its summary in place of the messages it
    /// covers; replies that failed before saying anything left out, a run of
    /// the person's messages (a reply failed in between) as one (providers refuse two user turns in a row),
    /// and every tool call followed by its result: a call whose result never came (the turn was cancelled,
    /// natter was stopped) is answered as not run, and results whose call is not there are left out, since
    /// every provider refuses one without the other.
    nonisolated static func requestHistory(_ path: [Message], compaction: Compaction? = nil) -> [Message] {
        var path = path[...]
        var history: [Message] = []
        if let compaction, let through = path.firstIndex(where: { $0.id == compaction.through }) {
            path = path[path.index(after: through)...]
            history.append(Message(id: compaction.id, parent: nil, role: .user, parts: [.text(compaction.requestText)]))
        }
        var unanswered: [ToolCall] = []
        for message in path where !message.isEmptyReply {
            if message.role == .tool {
                guard !unanswered.isEmpty else { continue }
                var answered = message
                answered.parts = message.parts.filter { part in
                    guard case .toolResult(let result) = part else { return false }
                    return unanswered.contains { $0.id == result.callID }
                }
                let given = Set(answered.toolResults.map(\.callID))
                answered.parts += unanswered.filter { !given.contains($0.id) }.map { .toolResult(notRun($0)) }
                history.append(answered)
                unanswered = []
                continue
            }
            if !unanswered.isEmpty {
                history.append(Message(parent: history.last?.id, role: .tool, parts: unanswered.map { .toolResult(notRun($0)) }))
                unanswered = []
            }
            if message.role == .user, let last = history.last, last.role == .user {
                history[history.count - 1].parts += [.text("\n\n")] + message.parts
                continue
            }
            history.append(message)
            if message.role == .assistant { unanswered = message.toolCalls }
        }
        if !unanswered.isEmpty {
            history.append(Message(parent: history.last?.id, role: .tool, parts: unanswered.map { .toolResult(notRun($0)) }))
        }
        return history
    }

    private nonisolated static func notRun(_ call: ToolCall) -> ToolResult {
        ToolResult(callID: call.id, content: "Not run: the turn ended before this call was answered.", isError: true)
    }

    /// How often the text of a streaming reply is written as a `partial` record: a killed natter loses at
    /// most this much of a reply, and a long reply costs a line a second, not a line a token.
    static let partialSaveInterval = Duration.seconds(1)

    private func startReply(to parent: String) {
        let origin = origin
        reply = Task {
            await runTurn(from: parent, origin: origin)
            reply = nil
            outlet.emit(.turnEnded)
        }
    }

    /// One turn: a reply from `origin` and, while the replies ask for tools, the calls' results and the next
    /// reply, up to `maxToolRounds` replies. The rules are `TurnFlow`'s; this carries out its actions.
    func runTurn(from question: String, origin: Origin) async {
        // The tools as the turn began: a change of them meanwhile (`useTools`) is for the next turn, so a reply's
        // calls are always answered by the tools offered with it.
        let tools = self.tools
        var flow = TurnFlow(question: question, maxRounds: Self.maxToolRounds, toolsOffered: tools != nil, mayCompact: !isComparing)
        var reply: ReplyInProgress?
        var actions = flow.start
        while !actions.isEmpty {
            let action = actions.removeFirst()
            switch action {
            case .beginReply(let parent, let isFirst):
                let turn = Turn(parent: parent, origin: origin)
                outlet.emit(.replyStarted(id: turn.id, parent: parent, origin: turn.origin))
                do {
                    let (provider, parameters) = try providerAndParameters(for: origin)
                    let path = conversation.path(to: parent)
                    reply = ReplyInProgress(turn: turn, isFirst: isFirst, provider: provider, parameters: parameters, path: path)
                    // Measured only where it may be compacted (never beside other models in compare).
                    actions += flow.begun(nearsTheWindow: flow.mayCompact && needsCompaction(path, for: origin))
                } catch {
                    let failed = turn.ended(.failedOther(String(describing: error)))
                    actions += flow.replyEnded(finishReply(failed, reachedServer: false, isFirst: isFirst))
                }
            case .compact(let quietWhenNothingToDo):
                guard let current = reply else { return assertionFailure("TurnFlow compacts only a reply it began") }
                let compaction = await compact(current.path, for: origin, quietWhenNothingToDo: quietWhenNothingToDo)
                actions += flow.compacted(succeeded: compaction != nil)
            case .stream:
                guard let current = reply else { return assertionFailure("TurnFlow streams only a reply it began") }
                let streamed = await stream(current.provider, current.path, current.turn, parameters: current.parameters)
                reply?.streamed = streamed
                let refused = streamed.failure?.kind == .contextLength && streamed.message.isEmptyReply
                actions += flow.streamed(refusedAsTooLong: refused, cancelled: Task.isCancelled)
            case .finishReply:
                guard let current = reply, let streamed = current.streamed else {
                    return assertionFailure("TurnFlow finishes only a reply that streamed")
                }
                let message = priced(await named(streamed.message))
                actions += flow.replyEnded(finishReply(message, reachedServer: streamed.reachedServer, isFirst: current.isFirst))
            case .identify(let call):
                let identity = await tools?.host.identity(of: call.name)
                actions += flow.identified(identity, approvedBefore: alwaysApproved.contains(call.name), cancelled: Task.isCancelled)
            case .askApproval(let request):
                guard let tools else { return }
                let decision = await tools.approver.approve(request)
                actions += flow.approved(decision, cancelled: Task.isCancelled)
            case .rememberAlways(let name):
                alwaysApproved.insert(name)
            case .runTool(let call, let identity):
                guard let tools else { return }
                outlet.emit(.toolStarted(call, identity))
                actions += flow.ran(await tools.host.run(call))
            case .report(let result):
                outlet.emit(.toolFinished(result))
            case .saveResults(let results, let reply):
                let resultMessage = Message(parent: reply, role: .tool, parts: results.map(Part.toolResult), origin: origin)
                conversation.add(resultMessage)
                save(.message(resultMessage))
                outlet.emit(.messageAdded(resultMessage))
                actions += flow.resultsSaved(as: resultMessage.id, cancelled: Task.isCancelled)
            case .end:
                askForTitleIfFirst()
                return
            }
        }
    }

    /// What the driver holds of the reply being made while the turn's flow decides its steps.
    private struct ReplyInProgress {
        let turn: Turn
        let isFirst: Bool
        let provider: any Provider
        let parameters: ModelParameters
        /// The branch it answers (a compaction summarizes the start of it; the request is made under that).
        let path: [Message]
        /// How its last request ended.
        var streamed: (message: Message, reachedServer: Bool, failure: ProviderError?)?
    }

    /// `origin`'s provider, and the parameters a request to its model carries: the model's defaults from its
    /// provider file, under what the person set.
    func providerAndParameters(for origin: Origin) throws -> (any Provider, ModelParameters) {
        let provider = try registry.provider(named: origin.provider, context: context)
        return (provider, (provider.metadata.modelParameters[origin.model] ?? ModelParameters()).overridden(by: parameters))
    }

    /// The request for `path` (under its compaction, if any), streamed into `turn`.
    private func stream(
        _ provider: any Provider, _ path: [Message], _ turn: Turn, parameters effective: ModelParameters
    ) async -> (message: Message, reachedServer: Bool, failure: ProviderError?) {
        let history = Self.requestHistory(path, compaction: conversation.compaction(on: path))
        let tools = await offeredTools(for: provider, model: turn.origin.model)
        let request = ChatRequest(
            messages: history, config: ModelConfig(model: turn.origin.model, systemPrompt: systemPrompt, parameters: effective),
            tools: tools, attachmentData: await attachmentData(for: history, origin: turn.origin),
            contextNeed: contextNeed(path, tools: tools, parameters: effective, origin: turn.origin))
        // The chunks are turned into events on the thread that read them (this actor runs there for the while):
        // no thread is woken per token on their way to the UI.
        return await withTaskExecutorPreference(NetworkThread.shared) {
            await stream(provider.stream(request), turn, parameters: effective)
        }
    }

    private func stream(
        _ chunks: AsyncThrowingStream<StreamChunk, any Error>, _ start: Turn, parameters: ModelParameters
    ) async -> (message: Message, reachedServer: Bool, failure: ProviderError?) {
        var turn = start
        var outcome = Turn.Outcome.streamEnded(cancelled: false)
        var reachedServer = true
        var failure: ProviderError?
        defer { dropProgress(of: start.id) }
        do {
            for try await chunk in chunks {
                for action in turn.received(chunk) {
                    switch action {
                    case .emit(let event): outlet.emit(event)
                    case .keepProgress(let text, let reasoning): noteProgress(text: text, reasoning: reasoning, of: turn)
                    }
                }
            }
            // A cancelled stream ends quietly.
            outcome = .streamEnded(cancelled: Task.isCancelled)
        } catch is CancellationError {
            outcome = .streamEnded(cancelled: true)
        } catch let error as ProviderError {
            var error = error
            // A 400 is most often a parameter the model does not take: say which one, or which were set.
            if error.status == 400, !parameters.isEmpty { error.message += " (\(parameters.blame(for: error.message)))" }
            outcome = .failed(error)
            reachedServer = error.reachedServer
            failure = error
        } catch {
            outcome = .failedOther(String(describing: error))
        }
        return (turn.ended(outcome), reachedServer, failure)
    }

    /// The reply with what it cost, when its model's price is known and the provider counted its tokens. The
    /// price is the one of the moment: a later change of the file does not change what was spent.
    func priced(_ message: Message) -> Message {
        guard let origin = message.origin else { return message }
        var priced = message
        priced.usage = message.usage.map { self.priced($0, by: origin) }
        return priced
    }

    /// Usage with its cost at `origin`'s price, when the price is known and the cost not yet said.
    func priced(_ usage: Usage, by origin: Origin) -> Usage {
        guard usage.cost == nil, var cost = modelInfo(provider: origin.provider, model: origin.model)?.cost else { return usage }
        if registry.entry(named: origin.provider)?.definition?.promptCache == .oneHour { cost = cost.withOneHourCacheWrites }
        var priced = usage
        let price = cost.price(usage)
        priced.cost = price?.dollars
        priced.costIsEstimate = price?.isEstimate ?? false
        return priced
    }

    /// Keeps streamed text for the next `partial` record, written at most `partialSaveInterval` after the
    /// first piece it holds arrived, however the stream goes on (or stalls) meanwhile.
    private func noteProgress(text: String, reasoning: String, of turn: Turn) {
        // Appended in place: a copy taken out and put back would copy the text held so far at every token.
        unsavedProgress[turn.id, default: ReplyProgress(id: turn.id, parent: turn.parent, text: "", origin: turn.origin)].text += text
        if !reasoning.isEmpty { unsavedProgress[turn.id]!.reasoning += reasoning }
        guard progressFlush == nil else { return }
        progressFlush = Task { [weak self] in
            try? await Task.sleep(for: Self.partialSaveInterval)
            await self?.flushProgress()
        }
    }

    private func flushProgress() {
        guard !Task.isCancelled else { return }  // the replies ended; this timer is not the current one
        progressFlush = nil
        let pending = unsavedProgress.values.sorted { $0.id < $1.id }
        unsavedProgress = [:]
        for progress in pending { save(.partial(progress)) }
    }

    /// The reply ended: its own record, written next, holds all of it.
    private func dropProgress(of id: String) {
        unsavedProgress[id] = nil
        guard unsavedProgress.isEmpty else { return }
        progressFlush?.cancel()
        progressFlush = nil
    }

    /// `reachedServer` false: the request never got to a server (connection refused, no such provider, a
    /// missing key). A conversation that is only that one question is then not kept as a session: its file
    /// goes, and comes back, with the question, when something is said that does reach a model.
    private func finishReply(_ message: Message, reachedServer: Bool, isFirst: Bool) -> Message {
        conversation.add(message)
        if isFirst, !reachedServer, !isComparing, createdFile, conversation.count == 2, let transcriptPath {
            writer = nil
            unlink(transcriptPath)
            // Its files go with it (they come back with the question when it is saved again), unless another
            // session names them too.
            attachmentStore?.withdraw(conversation.path().flatMap(\.attachments), sessionsDirectory: (transcriptPath as NSString).deletingLastPathComponent)
            createdFile = false
            unsavedMessages = 2
        } else {
            save(.message(message))
        }
        outlet.emit(.replyEnded(message))
        return message
    }

    private func keepAttachments(of messages: [Message]) throws(TranscriptError) {
        let named = messages.flatMap(\.attachments)
        guard !named.isEmpty, let attachmentStore else { return }
        do {
            try attachmentStore.keep(named)
        } catch {
            throw TranscriptError.cannotWrite(path: attachmentStore.directory, reason: error.description)
        }
    }

    private func openWriter() throws(TranscriptError) {
        guard writer == nil, let transcriptPath else { return }
        let opened = try TranscriptWriter(path: transcriptPath)
        let isNew = (try? FileManager.default.attributesOfItem(atPath: transcriptPath)[.size] as? Int) == 0
        if isNew {
            try opened.append(.session(SessionHeader(id: id, created: Date())))
            if !parameters.isEmpty { try opened.append(.params(parameters)) }
            if let systemPrompt { try opened.append(.systemPrompt(systemPrompt)) }
            createdFile = true
        }
        writer = opened
        // Messages whose file was discarded (see finishReply) go back in first.
        if unsavedMessages > 0 {
            let messages = Array(conversation.path().prefix(unsavedMessages))
            try keepAttachments(of: messages)
            try opened.append(contentsOf: messages.map { .message($0) })
            unsavedMessages = 0
        }
    }

    func save(_ record: TranscriptRecord) {
        guard transcriptPath != nil else { return }
        do {
            try openWriter()
            // The files a message names are kept as it is saved, never before: nothing unsaved leaves a copy.
            if case .message(let message) = record { try keepAttachments(of: [message]) }
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
