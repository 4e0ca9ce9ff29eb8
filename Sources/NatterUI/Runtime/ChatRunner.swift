import Dispatch
import Foundation
import NatterProviders
import NatterSession

/// Runs the full-screen chat: waits for keys and session events, folds them through `App.update`, carries
/// out the intents, and draws at most one frame per slot of `FramePace`. Blocks the calling thread until the person quits.
/// This file is the loop and its frame pacing; carrying out intents, the session's replacement and resume,
/// the providers' background questions and the signals are each in a `ChatRunner+…` file of their own.
public final class ChatRunner {
    /// Makes a fresh conversation for Ctrl+N, with the providers as they are then.
    public typealias SessionFactory = @Sendable (_ provider: String, _ model: String, _ registry: ProviderRegistry) -> ChatSession
    /// Reads the providers again (a file added, a token saved): the registry and the picker's list of it.
    public typealias ProviderReload = @Sendable () -> (registry: ProviderRegistry, providers: [PickerProvider])

    var app: App
    let terminal: any Terminal
    var session: ChatSession
    let makeSession: SessionFactory
    /// Where attached files go (SPEC 8); nil: attaching is refused.
    let attachments: AttachmentStore?
    var registry: ProviderRegistry
    let reloadProviders: ProviderReload?
    let context: ProviderContext
    /// Remember the choice (config.json); each returns why it could not, if it could not.
    let onSwitch: (ProviderSelection) -> String?
    let themes: [String: Theme]
    /// Writes a theme or input style chosen to config.json; why it could not, if it could not.
    let remember: (RememberedChoice) -> String?
    /// A settings file that cannot be written is said once, not at every switch.
    var settingsProblemShown = false
    let inbox = Inbox()
    /// Commands for the session, carried out one after another in the order the UI gave them: a switch of
    /// model followed by a send must reach the session in that order, which separate Tasks do not promise.
    let sessionCommands: AsyncStream<@Sendable () async -> Void>.Continuation
    let library: SessionLibrary
    let finder: ConversationFinder
    let tools: ChatTools?
    var signalSources: [any DispatchSourceSignal] = []
    var discovered = Set<String>()
    var running = true
    /// The terminal was handed to another command: a Ctrl+C typed there reached natter too, and is not a quit.
    var ignoringInterrupts = false
    var dirty = true
    /// The cursor shape last asked of the terminal for vi's modes; nil while natter has not changed it.
    var cursorShape: String?
    /// The `FramePace` slot of the last frame: one frame a slot, on the clock the network reads by.
    var lastFrameSlot = Int64.min
    /// How long a message waits for MCP servers still starting (SPEC 7), as pipe mode does.
    static let toolStartWait = Duration.seconds(15)
    /// A test hook, read only here: `NATTER_DEBUG_CRASH_AFTER_START=1` makes natter crash (fatalError) once
    /// its first frame is on screen, so that the end-to-end tests can check the terminal is given back after
    /// a crash. Nothing else sets or documents it.
    static let crashAfterFirstFrame = ProcessInfo.processInfo.environment["NATTER_DEBUG_CRASH_AFTER_START"] == "1"

    public init(
        app: App, terminal: any Terminal, session: ChatSession, registry: ProviderRegistry, context: ProviderContext = .live,
        makeSession: @escaping SessionFactory, onSwitch: @escaping (ProviderSelection) -> String?,
        themes: [Theme] = [.dark], remember: @escaping (RememberedChoice) -> String? = { _ in nil }, sessionsDirectory: String,
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
        self.remember = remember
        self.app = app
        self.terminal = terminal
        self.session = session
        self.registry = registry
        self.context = context
        self.makeSession = makeSession
        self.onSwitch = onSwitch
        if let tools { connect(tools) }
    }

    /// Returns the exit status: 0 after a quit, 128+signal after SIGTERM/SIGHUP/SIGINT.
    public func run() -> Int32 {
        var exitStatus: Int32 = 0
        if !app.state.display.mouseCaptured { terminal.setMouseCapture(false) }
        listen(to: session)
        watchSignals()
        // No model yet (a local server whose file lists none): ask for its list, whose first model is taken.
        if app.state.setup.model.isEmpty { discoverModels() }
        dispatch(.resized(width: terminal.size.width, height: terminal.size.height))
        defer {
            signalSources.forEach { $0.cancel() }
            session.deliverEvents(to: nil)
            // The state as it ended, shown once more: what came since the last frame is printed by the surfaces that
            // leave the conversation behind them (inline, plain).
            if dirty { app.present(on: terminal) }
            // The terminal's own cursor shape back, if vi's modes changed it.
            if cursorShape != nil { terminal.writeControlSequence("\u{1B}[0 q") }
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
                // After the first frame too: asked before it, a focus report arriving with the servers' first
                // events added 4-6 ms to the first frame in natter-bench.
                terminal.askForFocusReports()
            }
            let keysWaiting = waitForInput()
            // The time for what follows, as an event: update never reads the clock. A retry's wait counts down with it.
            dispatch(.tick(ContinuousClock.now))
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
            // Read only when the terminal has something: woken for tokens, asking curses for keys cost a poll of
            // the terminal and curses' own work at every frame. (Nothing waits inside curses between reads: each
            // read takes every key there is, and an escape sequence is completed within the read.)
            guard keysWaiting else { continue }
            for input in terminal.readInput() {
                switch input {
                case .key(let key): dispatch(.key(key))
                case .wheel(let up, let x, let y): dispatch(.wheel(up: up, x: x, y: y))
                case .click(let x, let y): dispatch(.click(x: x, y: y))
                case .text(let text): dispatch(.paste(text))
                case .focus(let focused): dispatch(.focusChanged(focused))
                }
            }
        }
        closeSaving(session)
        sessionCommands.finish()
        return exitStatus
    }

    /// Blocks until a key or a message arrives, or until a coalesced frame is due.
    /// Returns whether the terminal has input (or hung up).
    private func waitForInput() -> Bool {
        var descriptors = [
            pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        var timeout: Int32 = -1
        if dirty {
            // A frame held back for the next slot is drawn 2 ms into it: after the network's read at the slot's
            // start, whose tokens would otherwise wait for the slot after.
            let now = ContinuousClock.now
            let wait = FramePace.slot(at: now) == lastFrameSlot ? FramePace.start(of: lastFrameSlot + 1) + .milliseconds(2) - now : .zero
            timeout = Int32(max(0, wait.inSeconds * 1000).rounded(.up))
        } else if let change = app.state.reply.retryCountChanges(after: ContinuousClock.now) {
            timeout = Int32(change.inSeconds * 1000)
        }
        // While a frame is already due, messages (tokens, mostly) can wait for it: they would be drawn no
        // sooner, and waking for each token between frames cost more CPU than the frames. Keys still wake.
        _ = poll(&descriptors, dirty ? 1 : 2, timeout)
        // The terminal went away (its window closed, the pane killed): end as after SIGHUP, saving first,
        // rather than poll a dead descriptor for ever.
        if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            inbox.post(.terminate(signal: SIGHUP))
        }
        return descriptors[0].revents != 0
    }

    private func render() {
        let slot = FramePace.slot(at: .now)
        guard dirty, slot != lastFrameSlot else { return }
        lastFrameSlot = slot
        app.present(on: terminal)
        dirty = false
        showViMode()
    }

    /// vi's mode as the cursor's shape, as vim and the shells' vi modes show it: a bar while inserting, a block in
    /// normal and visual mode (DECSCUSR, which terminals that lack it ignore). Left alone without vi editing.
    private func showViMode() {
        guard let mode = app.state.composer.vi?.mode else { return }
        let shape: String
        switch mode {
        case .insert: shape = "\u{1B}[6 q"
        case .normal, .visual: shape = "\u{1B}[2 q"
        }
        guard shape != cursorShape else { return }
        cursorShape = shape
        terminal.writeControlSequence(shape)
    }

    func dispatch(_ event: App.Event) {
        dirty = true
        for intent in app.update(event) { perform(intent) }
    }
}

extension App {
    /// The state drawn on `terminal`. `mutating` though it changes nothing: the runner's app is then reached in place,
    /// where `terminal.present(app.state, layouts: app.layoutCaches)`, or a method that does not mutate, copied the
    /// whole app out of the runner (every array and string of the state retained, then released) at every frame.
    fileprivate mutating func present(on terminal: any Terminal) {
        terminal.present(state, layouts: layoutCaches)
    }
}
