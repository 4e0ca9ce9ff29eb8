import Dispatch
import Foundation
import NatterProviders
import NatterSession

/// Runs the full-screen chat: waits for keys and session events, folds them through `App.update`, carries
/// out the intents, and draws at most one frame per 16 ms. Blocks the calling thread until the person quits.
public final class ChatRunner {
    /// Makes a fresh conversation for Ctrl+N, with the providers as they are then.
    public typealias SessionFactory = @Sendable (_ provider: String, _ model: String, _ registry: ProviderRegistry) -> ChatSession
    /// Reads the providers again (a file added, a token saved): the registry and the picker's list of it.
    public typealias ProviderReload = @Sendable () -> (registry: ProviderRegistry, providers: [PickerProvider])

    private let app: App
    private let terminal: any Terminal
    private var session: ChatSession
    private let makeSession: SessionFactory
    /// Where attached files go (SPEC 8); nil: attaching is refused.
    private let attachments: AttachmentStore?
    private var registry: ProviderRegistry
    private let reloadProviders: ProviderReload?
    private let context: ProviderContext
    /// Remember the choice (config.json); each returns why it could not, if it could not.
    private let onSwitch: (ProviderSelection) -> String?
    private let themes: [String: Theme]
    private let onTheme: (String) -> String?
    /// A settings file that cannot be written is said once, not at every switch.
    private var settingsProblemShown = false
    private let inbox = Inbox()
    /// Commands for the session, carried out one after another in the order the UI gave them: a switch of
    /// model followed by a send must reach the session in that order, which separate Tasks do not promise.
    private let sessionCommands: AsyncStream<@Sendable () async -> Void>.Continuation
    private let library: SessionLibrary
    private let finder: ConversationFinder
    private let tools: ChatTools?
    private var signalSources: [any DispatchSourceSignal] = []
    private var discovered = Set<String>()
    private var running = true
    /// The terminal was handed to another command: a Ctrl+C typed there reached natter too, and is not a quit.
    private var ignoringInterrupts = false
    private var dirty = true
    private var lastRender = ContinuousClock.now - .seconds(1)
    private static let frameInterval = Duration.milliseconds(16)
    /// How long a message waits for MCP servers still starting (SPEC 7), as pipe mode does.
    static let toolStartWait = Duration.seconds(15)
    /// A test hook, read only here: `NATTER_DEBUG_CRASH_AFTER_START=1` makes natter crash (fatalError) once
    /// its first frame is on screen, so that the end-to-end tests can check the terminal is given back after
    /// a crash. Nothing else sets or documents it.
    private static let crashAfterFirstFrame = ProcessInfo.processInfo.environment["NATTER_DEBUG_CRASH_AFTER_START"] == "1"

    public init(
        app: App, terminal: any Terminal, session: ChatSession, registry: ProviderRegistry, context: ProviderContext = .live,
        makeSession: @escaping SessionFactory, onSwitch: @escaping (ProviderSelection) -> String?,
        themes: [Theme] = [.dark], onTheme: @escaping (String) -> String? = { _ in nil }, sessionsDirectory: String,
        reloadProviders: ProviderReload? = nil, tools: ChatTools? = nil, attachments: AttachmentStore? = nil
    ) {
        self.reloadProviders = reloadProviders
        self.tools = tools
        self.attachments = attachments
        library = SessionLibrary(store: SessionStore(directory: sessionsDirectory), attachments: attachments, inbox: inbox)
        finder = ConversationFinder(inbox: inbox)
        let (commands, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
        sessionCommands = continuation
        Task {
            for await command in commands { await command() }
        }
        self.themes = Dictionary(themes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.onTheme = onTheme
        self.app = app
        self.terminal = terminal
        self.session = session
        self.registry = registry
        self.context = context
        self.makeSession = makeSession
        self.onSwitch = onSwitch
        if let tools { connect(tools) }
    }

    /// Approvals come to the UI, the servers' states to the tools panel, and the session offers the tools.
    private func connect(_ tools: ChatTools) {
        let inbox = inbox
        tools.approver.connect { inbox.post(.app($0)) }
        let panel = tools.panel
        let refresh: @Sendable () -> Void = {
            Task { inbox.post(.app(.toolServers(await panel.panelServers()))) }
        }
        panel.onChange(refresh)
        refresh()
        offerTools(to: session)
    }

    private func offerTools(to session: ChatSession) {
        guard let tools else { return }
        sessionCommands.yield { await session.useTools(tools.host, approver: tools.approver, waitingUpTo: ChatRunner.toolStartWait) }
    }

    /// Returns the exit status: 0 after a quit, 128+signal after SIGTERM/SIGHUP/SIGINT.
    public func run() -> Int32 {
        var exitStatus: Int32 = 0
        if !app.state.mouseCaptured { terminal.setMouseCapture(false) }
        listen(to: session)
        watchSignals()
        // No model yet (a local server whose file lists none): ask for its list, whose first model is taken.
        if app.state.model.isEmpty { discoverModels() }
        dispatch(.resized(width: terminal.size.width, height: terminal.size.height))
        defer {
            signalSources.forEach { $0.cancel() }
            session.deliverEvents(to: nil)
            terminal.restore()
        }
        var firstFrameShown = false
        while running {
            render()
            if Self.crashAfterFirstFrame && !dirty { fatalError("NATTER_DEBUG_CRASH_AFTER_START: crashing on purpose") }
            if !firstFrameShown, !dirty {
                firstFrameShown = true
                // Only now: five servers' start-up (a second of CPU each for Python ones) would otherwise
                // compete with the first frame for the machine's cores.
                if let start = tools?.start { Task { await start() } }
                probeLocalServers()
            }
            waitForInput()
            // Session events first: a reply that ended just as Enter was pressed has ended for that key too
            // (the key was once refused with "a reply is still streaming").
            for message in inbox.drain() {
                switch message {
                case .app(let event): dispatch(event)
                case .resize:
                    terminal.resize()
                    dispatch(.resized(width: terminal.size.width, height: terminal.size.height))
                case .terminate(let signal):
                    if signal == SIGINT && ignoringInterrupts { continue }
                    exitStatus = 128 + signal
                    running = false
                }
            }
            ignoringInterrupts = false
            for input in terminal.readInput() {
                switch input {
                case .key(let key): dispatch(.key(key))
                case .wheel(let up, let x, let y): dispatch(.wheel(up: up, x: x, y: y))
                case .click(let x, let y): dispatch(.click(x: x, y: y))
                case .text(let text): dispatch(.paste(text))
                }
            }
            // A retry wait counts down on the status line, once a second.
            if app.state.retryUntil != nil { dispatch(.tick(ContinuousClock.now)) }
        }
        closeSaving(session)
        sessionCommands.finish()
        return exitStatus
    }

    /// Blocks until a key or a message arrives, or until a coalesced frame is due.
    private func waitForInput() {
        var descriptors = [
            pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        var timeout: Int32 = -1
        if dirty {
            let wait = Self.frameInterval - (ContinuousClock.now - lastRender)
            timeout = Int32(max(0, wait.inSeconds * 1000).rounded(.up))
        } else if app.state.retryUntil != nil {
            timeout = 1000
        }
        // While a frame is already due, messages (tokens, mostly) can wait for it: they would be drawn no
        // sooner, and waking for each token between frames cost more CPU than the frames. Keys still wake.
        _ = poll(&descriptors, dirty ? 1 : 2, timeout)
        // The terminal went away (its window closed, the pane killed): end as after SIGHUP, saving first,
        // rather than poll a dead descriptor for ever.
        if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            inbox.post(.terminate(signal: SIGHUP))
        }
    }

    private func render() {
        guard dirty, ContinuousClock.now - lastRender >= Self.frameInterval else { return }
        // Frames are paced from the start of each: counted from its end, every frame's own drawing time was
        // added to the wait of a token that came just after it began.
        lastRender = ContinuousClock.now
        let size = terminal.size
        terminal.draw(Screen.render(app, width: size.width, height: size.height))
        dirty = false
    }

    private func dispatch(_ event: App.Event) {
        dirty = true
        for intent in app.update(event) { perform(intent) }
    }

    private func perform(_ intent: AppIntent) {
        let session = self.session
        switch intent {
        case .send(let text, let attachments):
            let models = knownModels()
            sessionCommands.yield {
                await session.learnModels(models.models, of: models.provider)
                await session.send(text, attachments: attachments)
            }
        case .compare(let text, let attachments, let origins):
            let known = Dictionary(app.state.providers.map { ($0.name, $0.models) }, uniquingKeysWith: { first, _ in first })
            sessionCommands.yield {
                for provider in Set(origins.map(\.provider)) { await session.learnModels(known[provider] ?? [], of: provider) }
                await session.compare(text, attachments: attachments, with: origins)
            }
        case .sendEdited(let text, let edited, let attachments):
            let models = knownModels()
            sessionCommands.yield {
                await session.learnModels(models.models, of: models.provider)
                await session.send(text, attachments: attachments, replacing: edited)
            }
        case .readAttachment(let id, let path):
            let (store, inbox) = (attachments, self.inbox)
            DispatchQueue.global().async {
                let result: Result<AttachmentRef, AttachmentError>
                if let store {
                    result = Result { () throws(AttachmentError) in try store.add(fileAt: path) }
                } else {
                    result = .failure(AttachmentError("attachments are not kept in this natter"))
                }
                inbox.post(.app(.attachmentRead(id: id, result)))
            }
        case .reviseReply(let id, let text): sessionCommands.yield { await session.revise(id, text: text) }
        case .askAgain(let id): sessionCommands.yield { await session.askAgain(id) }
        case .activate(let id): sessionCommands.yield { await session.activate(id) }
        case .cancelReply: Task { await session.cancel() }  // at once, not behind other commands
        case .sendWithoutTools: Task { await session.sendWithoutWaitingForTools() }
        case .answerTool(let id, let decision): tools?.approver.answer(id, decision)
        case .setToolServer(let name, let enabled):
            if let panel = tools?.panel { Task { await panel.setServer(name, enabled: enabled) } }
        case .setTool(let name, let enabled):
            if let panel = tools?.panel { Task { await panel.setTool(name, enabled: enabled) } }
        case .find(let query, let generation, let corpus): finder.find(query, generation: generation, in: corpus)
        case .cancelFind: finder.cancel()
        case .switchTo(let provider, let model):
            let models = app.state.providers.first { $0.name == provider }?.models ?? []
            sessionCommands.yield {
                await session.learnModels(models, of: provider)
                await session.switchTo(provider: provider, model: model)
            }
            remembered(onSwitch(ProviderSelection(provider: provider, model: model)))
        case .setParameters(let parameters): sessionCommands.yield { await session.setParameters(parameters) }
        case .setSystemPrompt(let prompt): sessionCommands.yield { await session.setSystemPrompt(prompt) }
        case .compactNow: sessionCommands.yield { await session.compactNow() }
        case .undoCompaction: sessionCommands.yield { await session.undoCompaction() }
        case .newSession:
            let state = app.state
            replaceSession(with: makeSession(state.providerName, state.model, registry))
            dispatch(.conversationReplaced(Conversation(), notices: [], guide: nil, title: nil))
        case .runNatter(let arguments):
            ignoringInterrupts = true
            let outcome = CommandHandOver.run(arguments, terminal: terminal)
            if let (fresh, providers) = reloadProviders?() {
                let known = Set(app.state.providers.map(\.name))
                registry = fresh
                sessionCommands.yield { await session.use(fresh) }
                discovered = []
                dispatch(.providersListed(providers))
                probeLocalServers()  // the list made again says the local servers are being asked
                // The picker goes to what was added, or to the provider just signed in to.
                let added = providers.map(\.name).filter { !known.contains($0) }
                let signedIn = arguments.first == "login" ? Array(arguments.dropFirst().prefix(1)) : []
                dispatch(.providersReloaded(added: added + signedIn))
            }
            dispatch(.notice(outcome.summary, isError: !outcome.succeeded))
        case .editInEditor(let draft):
            let edited = ExternalEditor.edit(draft, terminal: terminal)
            dispatch(.editorFinished(edited.text))
            if let problem = edited.problem { dispatch(.notice(problem, isError: true)) }
        case .copyToClipboard(let text, let what):
            // What is copied is what the screen shows: a reply holding ESC[201~ (the end of a bracketed paste)
            // and a command would otherwise run in the shell it is pasted into.
            let safe = TerminalText.sanitized(text)
            let environment = ProcessInfo.processInfo.environment
            terminal.writeControlSequence(Clipboard.osc52(safe, environment: environment))
            let lines = safe.split(separator: "\n", omittingEmptySubsequences: false).count
            let copied = "copied \(what), \(lines) line\(lines == 1 ? "" : "s"), via OSC 52"
            dispatch(.notice(copied, isError: false))
            // The system clipboard's own command on a thread of its own: a helper that hangs must freeze neither
            // the screen nor one of Swift's two task threads (it is waited for up to two seconds).
            if let helper = Clipboard.helper(environment: environment) {
                let inbox = self.inbox
                let name = URL(fileURLWithPath: helper[0]).lastPathComponent
                Thread {
                    let took = Clipboard.give(safe, to: helper)
                    inbox.post(.app(.notice(took ? "\(copied) and \(name)" : "\(copied); \(name) did not take it", isError: !took)))
                }.start()
            }
        case .discoverModels:
            discoverModels()
            probeLocalServers()
        case .setMouseCapture(let captured):
            terminal.setMouseCapture(captured)
        case .applyTheme(let name):
            guard let theme = themes[name] else { return }
            terminal.setTheme(theme)
            remembered(onTheme(name))
        case .suspend:
            // A session leader has no shell to return to: the kernel discards a stop signal for it, and a
            // natter started straight from a terminal emulator or tmux would just blink.
            guard getsid(0) != getpid() else {
                dispatch(.notice("cannot suspend: natter was not started from a shell with job control", isError: true))
                return
            }
            terminal.suspend()
            let stopped = Self.stopUntilContinued()
            terminal.resume()
            if !stopped {
                // The kernel discards a stop for a process group no shell watches over (`tmux new-session
                // 'natter; sleep'`, a script): nothing happened, and the person is told why.
                dispatch(.notice("cannot suspend: natter's parent has no job control (start natter from an interactive shell to use Ctrl+Z)", isError: true))
            }
        case .quit:
            running = false
        case .listSessions: library.list()
        case .searchSessions(let query, let ids): library.search(query, among: ids)
        case .cancelSearch: library.cancelSearch()
        case .openSession(let id, let focus, let highlight): library.open(id: id, focusMessage: focus, highlight: highlight)
        case .resumeSession(let id, let withCurrentModel): resume(id: id, withCurrentModel: withCurrentModel)
        case .renameSession(let id, let title):
            // The live conversation's file is held by its session (one writer per file): it writes the title.
            if id == session.id {
                sessionCommands.yield { await session.setTitle(title) }
                dispatch(.sessionRenamed(id: id, title: title))
            } else {
                library.rename(id: id, title: title)
            }
        case .deleteSession(let id):
            guard id != session.id else {
                dispatch(.notice("this is the conversation in progress: Ctrl+N starts a new one first", isError: true))
                return
            }
            library.delete(id: id)
        case .exportSession(let id, let path): library.export(id: id, path: path)
        }
    }

    /// Makes the reviewed session the live one: its history goes with the next request, new messages are
    /// appended to its file. It picks up with the provider and model it last used (when they still exist)
    /// or, when asked, with the current ones, and the switch is recorded.
    private func resume(id: String, withCurrentModel: Bool) {
        let state = app.state
        guard let review = state.review, review.summary.id == id else { return }
        if id == session.id {
            dispatch(.sessionResumed(review.summary, provider: state.providerName, model: state.model))
            return
        }
        do {
            try library.store.checkWritable(id)
        } catch {
            dispatch(.notice(error.description, isError: true))
            return
        }
        guard let transcript = library.transcript(id: id) else { return }
        let current = Origin(provider: state.providerName, model: state.model)
        let opened = SessionContinuation.open(
            id, transcript: transcript, store: library.store, registry: registry, context: context, fallback: current,
            continueWith: withCurrentModel ? current : nil, attachments: attachments)
        let resumed = opened.session
        replaceSession(with: resumed)
        sessionCommands.yield { await opened.begin() }
        // The review may show another branch than the file's (a search hit's): the conversation goes on there.
        if let leaf = state.conversation.activeLeaf, leaf != transcript.conversation.activeLeaf {
            sessionCommands.yield { await resumed.activate(leaf) }
        }
        dispatch(.sessionResumed(review.summary, provider: opened.selection.provider, model: opened.selection.model))
        if let notice = opened.notice { dispatch(.notice(notice, isError: true)) }
        remembered(onSwitch(ProviderSelection(provider: opened.selection.provider, model: opened.selection.model)))
    }

    private func remembered(_ problem: String?) {
        guard let problem, !settingsProblemShown else { return }
        settingsProblemShown = true
        dispatch(.notice("used now, but not remembered for next time: \(problem)", isError: true))
    }

    /// Stops natter as Ctrl+Z in a shell would; returns after `fg`. This thread was made from one of Swift's
    /// task threads, which block most signals: a SIGTSTP raised with it blocked would only wait, and be thrown
    /// away once ignored again. Unblocked, raise() delivers it before it returns.
    /// Returns whether natter was stopped at all: a SIGCONT came (`fg`), which a stop the kernel discarded for an
    /// orphaned process group never brings.
    private static func stopUntilContinued() -> Bool {
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        sigaddset(&only, SIGCONT)
        var before = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &before)
        Continued.arm()
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)  // stops here; `fg` continues after this line
        signal(SIGTSTP, SIG_IGN)
        // The SIGCONT handler may run on another thread a moment after this one goes on.
        var waited = 0
        while !Continued.happened(), waited < 20 {
            usleep(5000)
            waited += 1
        }
        let stopped = Continued.disarm()
        pthread_sigmask(SIG_SETMASK, &before, nil)
        return stopped
    }

    /// Ends the conversation and waits (a little) for the reply in flight to be written: natter exits right
    /// after, and a reply is saved when it ends, however it ends.
    private func closeSaving(_ session: ChatSession) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await session.close()
            await session.waitForReply()
            done.signal()
        }
        _ = done.wait(timeout: .now() + .seconds(2))
    }

    /// Takes the session's events into the inbox; a session keeps its events until this connects, so none
    /// is lost before it.
    private func listen(to session: ChatSession) {
        let inbox = self.inbox
        session.deliverEvents { inbox.post(.app(.session($0))) }
    }

    /// The live conversation becomes `next`: the previous one is closed and its late events go nowhere.
    private func replaceSession(with next: ChatSession) {
        let previous = session
        previous.deliverEvents(to: nil)
        Task { await previous.close() }
        session = next
        listen(to: next)
        offerTools(to: next)
    }

    /// Asks each usable provider that can list its models, once per run, in the background: the picker
    /// shows the file's list at once and the discovered one when (if) it arrives.
    private func discoverModels() {
        let environment = context.environment()
        for entry in registry.entries where entry.status(environment: environment) == .ready && !discovered.contains(entry.name) {
            guard entry.definition?.dynamicModels ?? true else { continue }
            discovered.insert(entry.name)
            guard let provider = try? registry.provider(named: entry.name, context: context) else { continue }
            let inbox = self.inbox
            let name = entry.name
            Task {
                let models = try? await withThrowingTaskGroup(of: [ModelInfo].self) { group in
                    group.addTask { try await provider.listModels() }
                    group.addTask {
                        try await Task.sleep(for: .seconds(8))
                        throw CancellationError()
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? []
                }
                if let models, !models.isEmpty { inbox.post(.app(.modelsDiscovered(provider: name, models: models))) }
            }
        }
    }

    /// Asks the built-in local servers whether they run (SPEC 15), off the UI thread, all at once, with short
    /// limits: the picker then says which run (with their models) and which do not, and a first run uses the one
    /// that does. After the first frame, which never waits for it.
    private func probeLocalServers() {
        let (registry, environment, inbox) = (self.registry, context.environment(), self.inbox)
        Task { inbox.post(.app(.localServers(await LocalServerProbe.probe(registry: registry, environment: environment)))) }
    }

    /// The current provider's models as the picker knows them (its file's and discovery's): the session
    /// decides what may be sent images by the same knowledge.
    private func knownModels() -> (provider: String, models: [ModelInfo]) {
        let name = app.state.providerName
        return (name, app.state.providers.first { $0.name == name }?.models ?? [])
    }

    private func watchSignals() {
        let inbox = self.inbox
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        resize.setEventHandler { inbox.post(.resize) }
        resize.resume()
        signalSources.append(resize)
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { inbox.post(.terminate(signal: number)) }
            source.resume()
            signalSources.append(source)
        }
    }
}
