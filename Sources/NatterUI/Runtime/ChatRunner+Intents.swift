import Foundation
import NatterProviders
import NatterSession

/// Carrying out what `App.update` asks for: the session's commands in order, the terminal handed over, the
/// clipboard, the library of saved sessions. Results come back as events through the inbox.
extension ChatRunner {
    func perform(_ intent: AppIntent) {
        let session = self.session
        switch intent {
        case .send(let text, let attachments):
            let models = knownModels()
            sessionCommands.yield {
                await session.learnModels(models.models, of: models.provider)
                await session.send(text, attachments: attachments)
            }
        case .compare(let text, let attachments, let origins):
            let known = Dictionary(app.state.setup.providers.map { ($0.name, $0.models) }, uniquingKeysWith: { first, _ in first })
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
        // The disk's answers to update's questions, at once, before the next key: a few stat calls, or one folder
        // listed for Tab (update asked them itself before, and so was no function of its state and events).
        case .lookUpFiles(let paths, let question): dispatch(.filesLookedUp(Set(paths.filter(AttachmentPath.isFile)), for: question))
        case .completePath(let typed, let directory): dispatch(.pathCompleted(typed: typed, AttachmentPath.complete(typed, in: directory)))
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
            let models = app.state.setup.providers.first { $0.name == provider }?.models ?? []
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
            replaceSession(with: makeSession(state.setup.providerName, state.setup.model, registry))
            dispatch(.conversationReplaced(Conversation(), notices: [], guide: nil, title: nil))
        case .runNatter(let arguments):
            ignoringInterrupts = true
            let outcome = CommandHandOver.run(arguments, terminal: terminal)
            if let (fresh, providers) = reloadProviders?() {
                let known = Set(app.state.setup.providers.map(\.name))
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
        case .notify(let notification):
            let environment = ProcessInfo.processInfo.environment
            terminal.writeControlSequence(TerminalNotification.sequence(title: notification.title, body: notification.body, environment: environment))
        case .applyTheme(let name):
            guard let theme = themes[name] else { return }
            terminal.setTheme(theme)
            remembered(remember(.theme(name)))
        case .rememberInputStyle(let style):
            remembered(remember(.inputStyle(style)))
        case .expandTemplate(let run):
            // Files, the clipboard's command and the template's own commands (up to 30 s each) on a thread of
            // their own: the screen keeps drawing, and Esc still works meanwhile.
            let inbox = self.inbox
            let directory = app.state.composer.workingDirectory
            let environment = ProcessInfo.processInfo.environment
            Thread {
                let values = TemplateInputs.gather(
                    for: run.template, input: run.input, selection: run.selection, named: run.answers, directory: directory,
                    environment: environment, runCommands: run.commandsAllowed)
                let result = Result { () throws(TemplateProblem) -> String in try run.template.expanded(with: values) }
                inbox.post(.app(.templateExpanded(run, result)))
            }.start()
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
        case .markSession(let id, let mark, let on):
            // The live conversation's file is held by its session (one writer per file): it writes the record.
            if id == session.id {
                sessionCommands.yield { await session.setMark(mark, on) }
            } else {
                library.mark(id: id, mark, on)
            }
        case .exportSession(let id, let path): library.export(id: id, path: path)
        case .loadTypedHistory: library.loadTypedHistory(besides: session.id)
        case .cancelTypedHistory: library.cancelSearch()
        case .titleConversation(let title):
            // The live conversation's file is held by its session (one writer per file): it writes the title.
            sessionCommands.yield { await session.setTitle(title) }
        case .exportConversation(let path):
            library.export(id: session.id, path: path ?? session.id + ".md")
        }
    }
}
