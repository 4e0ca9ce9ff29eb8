import Foundation
import NatterProviders
import NatterSession
import NatterTools
import NatterUI

/// `natter` on a terminal: the full-screen chat.
enum ChatUI {
    /// What the command line asks of the chat's first conversation: a system prompt (`--system`, `--role`),
    /// request parameters, and files to attach (`-a`).
    struct CommandLineSettings {
        var system: String?
        /// The role `--role` chose, shown as chosen in Ctrl+X.
        var roleName: String?
        var parameters = ModelParameters()
        var attach: [String] = []
        /// `--inline` or `--plain` (SPEC 12); nil leaves it to config.json.
        var screen: ScreenMode?
    }

    /// glibc hands memory freed at the top of a heap back to the system once 128 KiB of it are free, and a frame's
    /// cells (115 KB at 120×40), freed as the next frame is made, crossed that line: while a reply streamed, some 220
    /// pages a second went back and were faulted in again (a `madvise` and page faults on the UI thread at every few
    /// frames). Up to 16 MiB freed is kept for reuse instead; the chat's working set is a few MB. Setting the trim
    /// line also fixes glibc's line for `mmap` at 128 KiB, which it would otherwise raise to the size of a block once
    /// freed: a larger terminal's frame (240 KB at 200×50) would then be mapped and unmapped at every frame, so that
    /// line is set too.
    private static func keepFreedMemory() {
        #if canImport(Glibc)
        // `mallopt` is in <malloc.h>, which Swift's Glibc module leaves out: found by name instead.
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        _ = mallopt(trimThreshold, 16 << 20)
        _ = mallopt(mmapThreshold, 8 << 20)
        #endif
    }

    /// `firstRun`: nothing chose a provider (no flag, variable, remembered choice or key).
    static func run(
        startup: Startup, selection: ProviderSelection, resumed: ResumedSession? = nil, firstRun: Bool = false, tools: MCPToolHost? = nil,
        settings: CommandLineSettings = CommandLineSettings()
    ) async -> Int32 {
        keepFreedMemory()
        let attach = settings.attach
        let roles = RoleLibrary.load(directory: startup.paths.rolesDirectory).roles
        let registry = startup.registry
        let model = selection.model ?? registry.entry(named: selection.provider)?.metadata.preferredModel ?? ""
        var state = AppState(providerName: selection.provider, model: model)
        // First: the status lines below name keys as the person's keymap has them.
        let (keymap, keyWarnings) = Keymap.load(configFile: startup.paths.settingsFile)
        state.display.keymap = keymap
        state.setup.choosingLocalServer = firstRun
        state.setup.roles = roles
        (state.setup.templates, state.setup.templateProblems) = PromptLibrary.load(directory: startup.paths.promptsDirectory)
        state.setup.roleName = settings.roleName
        // The real reason first (no such provider, a broken file, a missing key), as pipe mode gives it.
        do {
            _ = try registry.provider(named: selection.provider)
            if model.isEmpty { state.status.text = "no model chosen for \(selection.provider) yet: \(keymap.shortLabel(.picker)) picks one" }
        } catch {
            state.status.text = "\(error.message); \(keymap.shortLabel(.picker)) picks another provider"
            state.status.isError = true
        }
        if !model.isEmpty { state.setup.recentModels = [ProviderSelection(provider: selection.provider, model: model)] }
        let providers = pickerProviders(registry, environment: startup.environment)
        let sessionsDirectory = startup.paths.sessionsDirectory
        let attachments = AttachmentStore(directory: startup.paths.attachmentsDirectory)
        // `natter -a FILE` without -p: the chat opens with the files as chips, ready for the first message.
        for (index, path) in attach.enumerated() {
            do {
                let reference = try attachments.add(fileAt: (path as NSString).expandingTildeInPath)
                state.composer.attachments.append(PendingAttachment(id: index, path: path, state: .ready(reference)))
            } catch {
                state.status.text = TerminalText.singleLine("not attached: \(error.description)", limit: 400)
                state.status.isError = true
            }
            state.composer.nextAttachmentID = index + 1
        }
        let titleSource = startup.settings.titles.map { TitlePolicy.Source(rawValue: $0) } ?? .firstMessage
        let titles = TitlePolicy(source: titleSource ?? .firstMessage, model: startup.settings.titleModel)
        let makeSession: ChatRunner.SessionFactory = { provider, model, registry in
            let id = SessionID.make()
            return ChatSession(
                id: id, registry: registry, provider: provider, model: model, transcriptPath: "\(sessionsDirectory)/\(id).jsonl",
                attachments: attachments, titles: titles)
        }
        let session: ChatSession
        var opening: Opening?
        if let resumed {
            // Picks up where the saved session left off; a different provider or model given now is recorded
            // as a switch.
            let chosen = Origin(provider: selection.provider, model: model)
            let opened = SessionContinuation.open(
                resumed.id, transcript: resumed.transcript, store: SessionStore(directory: sessionsDirectory), registry: registry,
                fallback: chosen, continueWith: chosen, attachments: attachments)
            session = opened.session
            await opened.begin()
            let summary = SessionSummary(id: resumed.id, transcript: resumed.transcript)
            opening = Opening(
                conversation: resumed.transcript.conversation, notices: TranscriptProjection.notices(in: resumed.transcript),
                title: summary.displayTitle)
            let notices = resumed.transcript.problems + [opened.notice].compactMap { $0 }
            if !notices.isEmpty { state.status.text = notices.joined(separator: "; ") }
        } else {
            session = makeSession(selection.provider, model, registry)
        }
        if let system = settings.system { await session.setSystemPrompt(system) }
        if !settings.parameters.isEmpty { await session.setParameters(await session.parameters.overridden(by: settings.parameters)) }
        let settingsPath = startup.paths.settingsFile
        let colors = (startup.environment["NO_COLOR"] ?? "").isEmpty
        let (themes, themeProblems) = ThemeLoader.loadAll(userDirectory: startup.paths.configDirectory + "/themes")
        let chosen = themes.first { $0.name == startup.settings.theme } ?? themes.first { $0.name == "dark" } ?? .dark
        state.display.themeNames = themes.map(\.name)
        state.display.themeName = chosen.name
        if let problem = themeProblems.first {
            state.status.text = "theme file skipped: \(problem)"
            state.status.isError = true
        } else if let wanted = startup.settings.theme, wanted != chosen.name {
            state.status.text = "theme \"\(wanted)\" not found; using \(chosen.name)"
        }
        state.display.mouseCaptured = startup.settings.mouse ?? true
        state.display.notifies = startup.settings.notify ?? true
        let (screenMode, screenProblem) = ScreenMode.chosen(flag: settings.screen, setting: startup.settings.screen, term: startup.environment["TERM"])
        state.display.screenMode = screenMode
        if let screenProblem {
            state.status.text = TerminalText.singleLine(screenProblem, limit: 300)
            state.status.isError = true
        }
        if let wanted = startup.settings.input {
            if let style = InputStyle(rawValue: wanted) {
                if style == .vi { state.composer.vi = ViEditor() }
            } else {
                let known = InputStyle.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                state.status.text = TerminalText.singleLine("config.json: input \"\(wanted)\" is neither \(known); the shell-line keys are used", limit: 300)
                state.status.isError = true
            }
        }
        if titleSource == nil, let wanted = startup.settings.titles {
            let known = TitlePolicy.Source.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            state.status.text = TerminalText.singleLine("config.json: titles \"\(wanted)\" is none of \(known); the first message is the title", limit: 300)
            state.status.isError = true
        }
        // Nothing set up (a first run): say how to get going where the conversation would be.
        if firstRun {
            let guidance = FirstRunGuidance.lines(triedHost: Natter.ollamaHost(startup))
                + ["  - or \(keymap.shortLabel(.picker)) to pick a provider whose key you have set"]
            opening = Opening(guide: guidance.joined(separator: "\n"))
        }
        if !keyWarnings.isEmpty {
            state.status.text = keyWarnings.joined(separator: "; ")
            state.status.isError = true
        }

        if let problem = tools?.problems.first {
            state.status.text = problem + (tools!.problems.count > 1 ? " (and \(tools!.problems.count - 1) more: `natter mcp`)" : "")
            state.status.isError = true
        }
        // The servers start in the background once the first frame is on screen: it never waits for them.
        let chatTools = tools.map { host in ChatTools(host: host, panel: host, start: { await host.start() }) }

        // The UI loop blocks in poll(); it gets a thread of its own so Swift's task threads stay free for
        // the session and the network.
        let code = await withCheckedContinuation { continuation in
            let thread = Thread { [state, opening] in
                var app = App(state: state)
                _ = app.update(.providersListed(providers))
                if let opening {
                    _ = app.update(.conversationReplaced(opening.conversation, notices: opening.notices, guide: opening.guide, title: opening.title))
                }
                let terminal: any Terminal
                switch screenMode {
                case .full: terminal = CursesTerminal(theme: chosen, colors: colors)
                case .inline: terminal = InlineTerminal(theme: chosen, colors: colors)
                case .plain: terminal = PlainTerminal()
                }
                let runner = ChatRunner(
                    app: app, terminal: terminal, session: session, registry: registry, makeSession: makeSession,
                    onSwitch: { choice in
                        Self.remember(at: settingsPath) {
                            $0.lastProvider = choice.provider
                            $0.lastModel = choice.model
                        }
                    },
                    themes: themes,
                    remember: { choice in
                        Self.remember(at: settingsPath) { settings in
                            switch choice {
                            case .theme(let name): settings.theme = name
                            case .inputStyle(let style): settings.input = style.rawValue
                            }
                        }
                    },
                    sessionsDirectory: sessionsDirectory,
                    reloadProviders: {
                        let fresh = Startup()
                        return (fresh.registry, Self.pickerProviders(fresh.registry, environment: fresh.environment))
                    }, tools: chatTools, attachments: attachments)
                continuation.resume(returning: runner.run())
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        // With their children (SIGTERM, then SIGKILL after 2 s).
        await tools?.stop()
        return code
    }

    /// What the screen starts with: a resumed conversation, or first-run advice.
    private struct Opening {
        var conversation = Conversation()
        var notices: [ConversationNotice] = []
        var guide: String?
        var title: String?
    }

    /// Writes a remembered choice to config.json; why it could not, if it could not (a read-only config folder).
    static func remember(at path: String, _ change: (inout Settings) -> Void) -> String? {
        do {
            try Settings.update(at: path, change)
            return nil
        } catch {
            return "cannot write \(path): \(String(describing: error).prefix(120))"
        }
    }

    static func pickerProviders(_ registry: ProviderRegistry, environment: [String: String]) -> [PickerProvider] {
        var providers = registry.entries.map { entry in
            var problem = ProviderProblem(entry.status(environment: environment))
            // A local server is not "ready" until it answers: the probe started after the first frame says.
            if problem == nil, LocalServerProbe.providerNames.contains(entry.name), let definition = entry.definition {
                problem = .checking(address: LocalServerProbe.address(of: definition, environment: environment))
            }
            return PickerProvider(name: entry.name, displayName: entry.metadata.displayName, problem: problem, models: entry.metadata.models)
        }
        for problem in registry.problems {
            let stem = URL(fileURLWithPath: problem.path).deletingPathExtension().lastPathComponent
            providers.append(PickerProvider(name: stem, displayName: stem, problem: .invalidFile(reason: problem.reason), models: []))
        }
        return providers
    }
}
