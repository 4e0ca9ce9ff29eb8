import ArgumentParser
import CNcursesw
import Foundation
import NatterProviders
import NatterSession
import NatterUI

@main
struct Natter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natter",
        abstract: "A terminal chat client for large language models.",
        discussion: """
            With -p (or text on standard input) natter streams the answer to standard output and exits: \
            0 when the reply is complete, 1 when it failed or was interrupted, 3 when it was cut at the token \
            limit (max_tokens; all of it is printed, and standard error says so), 130 when cancelled with Ctrl+C. \
            A complete reply that could not be saved (the sessions folder is unwritable, the disk is full) is \
            still printed and exits 0, with a warning on standard error.

            Providers come built in and from <config>/providers/*.json; `natter providers` lists them with \
            their status. Choose one with --provider/--model, NATTER_PROVIDER/NATTER_MODEL, or \
            GOOSE_PROVIDER/GOOSE_MODEL. A provider that signs in with OAuth is signed in with \
            `natter login PROVIDER`; with -p, a sign-in that is needed is shown on standard error.
            """,
        version: "natter \(NatterVersion.current) (\(String(cString: curses_version())))",
        subcommands: [
            ProvidersCommand.self, ModelsCommand.self, SessionsCommand.self, ShowCommand.self, ExportCommand.self, ImportCommand.self,
            ConfigureCommand.self, LoginCommand.self, LogoutCommand.self, MCPCommand.self, RolesCommand.self, PromptsCommand.self, DoctorCommand.self,
        ]
    )

    @Option(name: [.short, .customLong("prompt")], help: "Ask this and print the streamed answer, without the UI.")
    var prompt: String?

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var toolOptions: ToolOptions

    @OptionGroup var templateOptions: TemplateOptions

    @Option(help: "A system prompt for this request.")
    var system: String?

    @Option(help: "Use a saved role: <config>/roles/NAME.md's system prompt, and its provider, model and parameters unless flags say otherwise.")
    var role: String?

    @Option(help: "Sampling temperature for this request, 0 to 2.")
    var temperature: String?

    @Option(help: "The most tokens the reply may have.")
    var maxTokens: String?

    @Option(help: "How hard a reasoning model thinks: minimal, low, medium, high, off, or a budget of thinking tokens.")
    var reasoning: String?

    @Option(
        name: .customShort("o"),
        help: ArgumentHelp(
            "A request parameter, KEY=VALUE (repeatable): temperature, top_p, max_tokens, seed, reasoning, or a provider's own option.",
            valueName: "key=value"))
    var option: [String] = []

    @Option(
        name: [.short, .customLong("attach")],
        help: ArgumentHelp(
            "Send a file with the prompt (repeatable): an image for a vision model, or a text file put into the message.",
            discussion: "Images are PNG, JPEG, GIF or WebP of at most 20 MB, told by their bytes; text files are UTF-8 of at most 1 MB.",
            valueName: "file"))
    var attach: [String] = []

    @Flag(help: ArgumentHelp("Print one JSON event per line instead of text: \(JSONEvent.Kind.names)."))
    var json = false

    @Flag(help: "Do not save this exchange as a session.")
    var noSave = false

    @Flag(help: "Plain mode for screen readers and braille displays: the conversation is only ever appended, in words, with no drawing (also \"screen\": \"plain\" in config.json, and TERM=dumb).")
    var plain = false

    @Flag(help: "Inline mode: no alternate screen; the conversation is printed into the terminal's scrollback, where its own scrolling, search and copy reach it, above a live region for the reply, the input and the status (also \"screen\": \"inline\" in config.json).")
    var inline = false

    @Flag(name: [.short, .customLong("continue")], help: "Continue the most recent session.")
    var continueLatest = false

    @Option(help: "Open this saved session (an id or the start of one; see `natter sessions`).")
    var session: String?

    /// The role asked for with --role, read and checked: a missing or broken one is a usage error saying why.
    func chosenRole(_ paths: NatterPaths) throws -> RoleDefinition? {
        guard let role else { return nil }
        do {
            return try RoleLibrary.role(named: role, in: paths.rolesDirectory)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The provider and model flags, filled in from the role where they are not given.
    func selection(with role: RoleDefinition?) -> SelectionOptions {
        var flags = selection
        if flags.provider == nil, let provider = role?.provider { flags.provider = provider }
        if flags.model == nil, flags.provider == role?.provider || role?.provider == nil, let model = role?.model { flags.model = model }
        return flags
    }

    /// The parameters the flags set, each checked: a bad value is a usage error naming the parameter.
    func parameters() throws -> ModelParameters {
        var parameters = ModelParameters()
        do {
            for setting in option {
                guard let equals = setting.firstIndex(of: "=") else { throw ParameterError("-o takes KEY=VALUE, not \"\(setting)\"") }
                try parameters.set(String(setting[..<equals]), to: String(setting[setting.index(after: equals)...]))
            }
            if let temperature { try parameters.set("temperature", to: temperature) }
            if let maxTokens { try parameters.set("max_tokens", to: maxTokens) }
            if let reasoning { try parameters.set("reasoning", to: reasoning) }
        } catch let error as ParameterError {
            throw ValidationError(error.description)
        }
        return parameters
    }

    func validate() throws {
        if continueLatest && session != nil { throw ValidationError("Give -c or --session, not both.") }
        if noSave && (continueLatest || session != nil) { throw ValidationError("--no-save cannot continue a saved session.") }
    }

    func run() async throws {
        // A file-size limit (`ulimit -f`) or a quota would otherwise kill natter with SIGXFSZ on the write
        // that crosses it; ignored, that write fails with EFBIG and is reported like any failed save.
        signal(SIGXFSZ, SIG_IGN)
        let resumed = try ResumedSession.load(latest: continueLatest, named: session)
        let question: String
        let stdinIsTerminal = isatty(STDIN_FILENO) != 0
        let template = try templateOptions.chosen(NatterPaths())
        if prompt != nil || !stdinIsTerminal || template != nil {
            // `git diff | natter -p "review this"`: the piped text follows the prompt in the same message.
            let piped = stdinIsTerminal ? "" : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let input = [prompt ?? "", piped].filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
                .joined(separator: "\n\n")
            question = try template.map { try templateOptions.message(of: $0, input: input) } ?? input
        } else {
            let startup = Startup()
            let role = try chosenRole(startup.paths)
            let flags = selection(with: role)
            let choice = resumed.map { $0.selection(flags: flags, startup: startup) } ?? startup.selection(flags: flags)
            let firstRun = resumed == nil && Self.isFirstRun(startup, flagProvider: flags.provider)
            let settings = ChatUI.CommandLineSettings(
                system: system ?? role?.prompt, roleName: role?.name, parameters: (role?.parameters ?? ModelParameters()).overridden(by: try parameters()), attach: attach,
                screen: plain ? .plain : inline ? .inline : nil)
            let code = await ChatUI.run(
                startup: startup, selection: choice, resumed: resumed, firstRun: firstRun, tools: toolOptions.host(startup), settings: settings)
            if code != 0 { throw ExitCode(code) }
            return
        }
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !attach.isEmpty else {
            throw ValidationError("Nothing to ask: the prompt is empty.")
        }
        let startup = Startup()
        let attachments = AttachmentStore(directory: startup.paths.attachmentsDirectory)
        var attached: [AttachmentRef] = []
        for path in attach {
            do {
                attached.append(try attachments.add(fileAt: (path as NSString).expandingTildeInPath))
            } catch {
                OutputStream.standardError.write("natter: cannot attach: \(TerminalText.singleLine(error.description, limit: 400)); nothing was sent\n")
                throw ExitCode(1)
            }
        }
        let role = try chosenRole(startup.paths)
        var flags = selection(with: role)
        if flags.provider == nil, let provider = template?.provider { flags.provider = provider }
        if flags.model == nil, let model = template?.model { flags.model = model }
        var choice = resumed.map { $0.selection(flags: flags, startup: startup) } ?? startup.selection(flags: flags)
        var mode = PipeMode(json: json)
        if resumed == nil, Self.isFirstRun(startup, flagProvider: flags.provider) {
            // Nothing chose a provider: a local server that answers is used (SPEC 1, 15).
            switch try await Self.localServerChoice(startup, model: flags.model) {
            case let chosen?: choice = chosen
            case nil: mode.firstRunGuidance = FirstRunGuidance.lines(triedHost: Self.ollamaHost(startup))
            }
        }
        let tools = toolOptions.host(startup)
        await tools?.start()
        let code = await mode.run(
            question: question, attachments: attached, attachmentStore: attachments, system: system ?? role?.prompt,
            parameters: (role?.parameters ?? ModelParameters()).overridden(by: template?.parameters ?? ModelParameters()).overridden(by: try parameters()),
            selection: choice, registry: startup.registry,
            sessionsDirectory: noSave ? nil : startup.paths.sessionsDirectory, resumed: resumed,
            tools: tools, approver: PipeApprover(approve: toolOptions.approve, servers: tools?.serverNames ?? []))
        await tools?.stop()
        if code != 0 { throw ExitCode(code) }
    }
}

extension Natter {
    /// Nothing chose a provider: no flag, variable, remembered choice or key.
    static func isFirstRun(_ startup: Startup, flagProvider: String?) -> Bool {
        ProviderSelection.isFallback(
            flagProvider: flagProvider, environment: startup.environment, settings: startup.settings, registry: startup.registry)
    }

    /// The one built-in local server that answers, with its first model (or the one named); nil when none does.
    /// Several answering is a question only the person can settle: said, with the flag that settles it.
    static func localServerChoice(_ startup: Startup, model: String?) async throws -> ProviderSelection? {
        let running = await LocalServerProbe.probe(registry: startup.registry, environment: startup.environment).filter { !$0.models.isEmpty }
        guard running.count <= 1 else {
            let names = running.map(\.name).joined(separator: ", ")
            OutputStream.standardError.write("natter: several local servers are running (\(names)): pass --provider with one of them\n")
            throw ExitCode(1)
        }
        return running.first.map { ProviderSelection(provider: $0.name, model: model ?? $0.models.first?.name) }
    }

    static func ollamaHost(_ startup: Startup) -> String {
        startup.registry.entry(named: "ollama")?.definition?.expandedHost(in: startup.environment) ?? "http://localhost:11434"
    }
}

/// The provider and model flags shared by the root command and `models`.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Provider name (see `natter providers`).")
    var provider: String?

    @Option(help: "Model name (see `natter models PROVIDER`).")
    var model: String?
}
