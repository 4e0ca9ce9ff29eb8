import NatterProviders
import NatterSession

/// The UI's state machine, a value: `update` folds one event into the state and returns what must happen
/// outside; it reads no clock and no disk (they arrive as events), so the same state and events give the same
/// result. Beside the state it holds the layout caches (references, shared with `Screen`): scrolling is measured
/// in wrapped lines, and a cache only remembers what the state already says.
public struct App {
    public enum Event: Sendable {
        case key(Key)
        case paste(String)
        case session(SessionEvent)
        case modelsDiscovered(provider: String, models: [ModelInfo])
        /// What the built-in local servers answered when asked (at start and when the picker opens).
        case localServers([LocalServerProbe.Result])
        /// The provider list was read again after `added` was added or signed in to: an open picker shows
        /// it, its first model highlighted.
        case providersReloaded(added: [String])
        /// Matches of the find of this generation; the first to show comes before the others are counted.
        case findResults(generation: Int, [FindMatch])
        case firstFindMatch(generation: Int, FindMatch)
        case editorFinished(String?)
        /// The clock, while something on screen counts down (a retry wait).
        case tick(ContinuousClock.Instant)
        /// The terminal's size, at start and after each change: what paging measures pages in.
        case resized(width: Int, height: Int)
        /// The mouse wheel at a cell: over compare's panes it focuses and scrolls the one under the pointer;
        /// anywhere else it is the wheel key.
        case wheel(up: Bool, x: Int, y: Int)
        /// A click at a cell: over compare's panes it focuses the one under the pointer; elsewhere nothing.
        case click(x: Int, y: Int)
        /// The terminal gained (true) or lost the focus.
        case focusChanged(Bool)
        /// Messages typed in saved sessions, older than those before; `done` after the last.
        case typedHistory([String], done: Bool)
        /// A template's message made (or why not), for `/NAME`.
        case templateExpanded(TemplateRun, Result<String, TemplateProblem>)
        /// The providers the picker lists, at start and after one was added or signed in to.
        case providersListed([PickerProvider])
        /// Another conversation on screen: a new one, or a saved one opened at start (`-c`, `--session`).
        case conversationReplaced(Conversation, notices: [ConversationNotice], guide: String?, title: String?)
        case notice(String, isError: Bool)
        case sessionsListed([SessionSummary])
        case searchHits(query: String, [SearchHit])
        case searchFinished(query: String)
        /// A saved session read for review; `focus` is the message to show (a search hit), whose branch is shown.
        case sessionOpened(SessionSummary, transcript: Transcript, focus: String?, highlight: String?)
        /// The reviewed session became the live conversation.
        case sessionResumed(SessionSummary, provider: String, model: String)
        case sessionRenamed(id: String, title: String)
        case sessionDeleted(id: String)
        /// A tool call asks for approval; `approvalWithdrawn` when its turn was cancelled first.
        case approvalRequested(id: Int, ToolApprovalRequest)
        case approvalWithdrawn(id: Int)
        /// The MCP servers as they are now.
        case toolServers([ToolPanelServer])
        /// Chip `id`'s file was read into the attachment store, or refused.
        case attachmentRead(id: Int, Result<AttachmentRef, AttachmentError>)
        /// The answer to `.lookUpFiles`: the paths asked about that name files.
        case filesLookedUp(Set<String>, for: FileQuestion)
        /// The answer to `.completePath`.
        case pathCompleted(typed: String, AttachmentPath.Completion)
    }

    // internal(set): the App+… extensions in other files update it too; outside the module it stays read-only.
    public internal(set) var state: AppState
    public let layout = TranscriptLayout()
    /// Compare: each pane's layout cache, by pane.
    public var paneLayouts: [TranscriptLayout] = []
    /// What a frame is drawn with beside the state.
    public var layoutCaches: LayoutCaches { LayoutCaches(transcript: layout, panes: paneLayouts) }

    /// The transcript area's size at the terminal's size (the last `resized`), for paging.
    var viewport: (width: Int, height: Int) {
        let area = Screen.Layout(state, width: state.display.terminalWidth, height: state.display.terminalHeight).transcript
        return (area.width, area.height)
    }

    /// Compare: a pane's text area, for paging in it.
    var paneViewport: (width: Int, height: Int) {
        let area = Screen.Layout(state, width: state.display.terminalWidth, height: state.display.terminalHeight)
            .pane(count: state.compare?.round?.panes.count ?? 1)
        return (area.width, area.height)
    }

    public init(state: AppState) {
        self.state = state
    }

    public mutating func update(_ event: Event) -> [AppIntent] {
        // A number typed for one list never answers another that took its place (an approval over the picker).
        let list = state.overlay?.model.keyContext
        defer { if state.overlay?.model.keyContext != list { state.choiceNumber = "" } }
        switch event {
        case .key(let key): return handle(key)
        case .paste(let text): return typed(text)
        case .session(let sessionEvent):
            apply(sessionEvent)
            return notification(after: sessionEvent)
        case .focusChanged(let focused):
            state.display.focused = focused
            return []
        case .templateExpanded(let run, let result):
            return templateExpanded(run, result)
        case .typedHistory(let messages, let done):
            guard case .history(var search)? = state.overlay else { return [] }
            search.add(messages)
            search.loading = !done
            state.overlay = .history(search)
            return []
        case .modelsDiscovered(let provider, let models):
            if let index = state.setup.providers.firstIndex(where: { $0.name == provider }), !models.isEmpty {
                state.setup.providers[index].models = models
            }
            // A provider whose file lists no models (a local server) gets the first it reports, as pipe mode does.
            guard provider == state.setup.providerName, state.setup.model.isEmpty, let first = models.first, state.overlay == nil else { return [] }
            state.setup.model = first.name
            setStatus("using \(first.name), the first model \(provider) lists (\(state.display.keymap.shortLabel(.picker)) picks another)", isError: false)
            return [.switchTo(provider: provider, model: first.name)]
        case .localServers(let results):
            return applyLocalServers(results)
        case .editorFinished(let text):
            if let text { state.composer.input = InputBuffer(text) }
            return []
        case .findResults(let generation, let matches):
            applyFindResults(generation: generation, matches)
            return []
        case .firstFindMatch(let generation, let match):
            applyFirstFindMatch(generation: generation, match)
            return []
        case .providersReloaded(let added):
            guard case .picker = state.overlay else { return [] }
            var picker = PickerState()
            state.overlay = .picker(picker)
            let rows = state.pickerRows
            let firstAdded = rows.firstIndex {
                if case .model(let provider, _) = $0 { return added.contains(provider) }
                return false
            }
            picker.selected = firstAdded ?? currentRow()
            setPicker(picker, filterChanged: false)
            return []
        case .notice(let text, let isError):
            setStatus(text, isError: isError)
            return []
        case .tick(let now):
            state.now = now
            showRetryWait()
            return []
        case .resized(let width, let height):
            state.display.terminalWidth = max(0, width)
            state.display.terminalHeight = max(0, height)
            return []
        case .wheel(let up, let x, let y):
            if state.overlay == nil, state.prompt == nil { focusPane(at: x, y) }
            return handle(up ? .wheelUp : .wheelDown)
        case .click(let x, let y):
            if state.overlay == nil, state.prompt == nil { focusPane(at: x, y) }
            return []
        case .providersListed(let providers):
            setProviders(providers)
            return []
        case .conversationReplaced(let conversation, let notices, let guide, let title):
            reset(conversation: conversation, notices: notices, guide: guide, title: title)
            return []
        case .approvalRequested(let id, let request):
            queueApproval(ApprovalState(id: id, request: request))
            return notify(.approvalWaiting(tool: request.identity.tool))
        case .approvalWithdrawn(let id):
            withdrawApproval(id)
            return []
        case .attachmentRead(let id, let result):
            return attachmentRead(id: id, result)
        case .filesLookedUp(let files, let question):
            switch question {
            case .paste(let text): return pastedPathsLookedUp(text, files: files)
            case .send: return sendInput(files: files)
            case .attach(let path): return attachCommandLookedUp(path, files: files)
            }
        case .pathCompleted(let typed, let completion):
            return mentionCompleted(typed, completion)
        case .toolServers(let servers):
            // A server that has just failed is said once on the status line; F4 keeps saying it.
            for server in servers {
                guard case .failed = server.status else { continue }
                guard state.tools.toolServers.first(where: { $0.name == server.name })?.status != server.status else { continue }
                setStatus("MCP server \(server.name) \(server.status) · \(state.display.keymap.shortLabel(.tools)) lists the servers", isError: true)
            }
            state.tools.toolServers = servers
            if case .tools(let selected)? = state.overlay {
                state.overlay = .tools(selected: min(selected, max(0, ToolPanelRow.rows(servers).count - 1)))
            }
            return []
        case .sessionsListed(let sessions): return sessionsListed(sessions)
        case .searchHits(let query, let hits): return searchHitsArrived(hits, for: query)
        case .searchFinished(let query): return searchFinished(query)
        case .sessionOpened(let summary, let transcript, let focus, let highlight):
            return sessionOpened(summary, transcript: transcript, focus: focus, highlight: highlight)
        case .sessionResumed(let summary, let provider, let model): return sessionResumed(summary, provider: provider, model: model)
        case .sessionRenamed(let id, let title): return sessionRenamed(id, to: title)
        case .sessionDeleted(let id): return sessionDeleted(id)
        }
    }

    // MARK: keys

    /// An informational status ("copied", "exported …") lasts until the next key; errors stay until replaced.
    /// A selection's keys stay while it lasts: ← to a sibling, which says the same keys again, once put the
    /// chat's hints under a selected message.
    private mutating func handle(_ key: Key) -> [AppIntent] {
        let shown = state.status.text
        let intents = dispatchKey(key)
        if state.status.text == shown, !state.status.isError, state.prompt == nil, state.pane.selection == nil { state.status.text = nil }
        return intents
    }

    private mutating func dispatchKey(_ key: Key) -> [AppIntent] {
        if let prompt = state.prompt { return handlePrompt(key, prompt) }
        if let overlay = state.overlay { return route(key, to: overlay.model) }
        if let find = state.find {
            return Self.on(FindBar.bindings(state.display.keymap, navigating: find.isNavigating), key, typing: { .type(String($0)) }) { handleFind($0, find) }
        }
        if state.review != nil { return handleReviewKey(key) }
        if let selected = state.pane.selection { return handleSelectionKey(key, selected) }
        return handleMain(key)
    }

    /// A key to the open overlay: its command in the overlay's bindings (or, in one with a text field, the
    /// character typed), and what the overlay does with it.
    private mutating func route<Model: OverlayModel>(_ key: Key, to model: Model) -> [AppIntent] {
        if let answered = answerByNumber(key, to: model) { return answered }
        let bindings = model.bindings(state.display.keymap)
        var command = bindings.command(for: key)
        if command == nil, model.typedText == .intoField, case .character(let character) = key { command = model.typing(String(character)) }
        return command.map { model.perform($0, in: &self) } ?? []
    }

    /// Text into the open overlay's field.
    private mutating func type<Model: OverlayModel>(_ text: String, into model: Model) -> [AppIntent] {
        model.typing(text).map { model.perform($0, in: &self) } ?? []
    }

    /// Typed text and pastes, by one route with keys. The terminal delivers printable keys as text: one character
    /// is the key it is, whatever the context (F1's `q` once typed into the hidden input instead of closing help);
    /// more at once go where the context's text goes.
    private mutating func typed(_ text: String) -> [AppIntent] {
        if text.count == 1, let character = text.first { return handle(.character(character)) }
        // A paste is no number: digits held for a numbered list (plain mode) are dropped, not kept for another list.
        state.choiceNumber = ""
        switch state.typedText {
        case .eachAKey:
            if state.keyContext == .viNormal || state.keyContext == .viVisual, App.isPaste(text) {
                pasteInNormalMode(text)
                return []
            }
            return text.flatMap { handle(.character($0)) }
        case .oneKeyOnly: return []
        case .intoField: break
        }
        if let prompt = state.prompt { return applyPrompt(PromptBar.update(prompt, .type(text))) }
        if let overlay = state.overlay { return type(text, into: overlay.model) }
        if let find = state.find { return handleFind(.type(text), find) }
        // Text that reads as paths (a dropped file): whether they name files is asked of the disk first.
        if let paths = AttachmentPath.pastedPaths(text, in: state.composer.workingDirectory) { return [.lookUpFiles(paths, for: .paste(text))] }
        pasteIntoInput(text)
        return []
    }

    mutating func pasteIntoInput(_ text: String) {
        let pasted = PastedText.normalizedNewlines(text)
        let chips = state.composer.input.pastes.count
        state.composer.input.paste(pasted)
        if state.composer.input.pastes.count > chips {
            setStatus("a large paste is kept whole as one block: \(state.display.keymap.shortLabel(.editor)) shows and edits it, Backspace removes it", isError: false)
        }
    }

    /// What the key means in a context with a text field, handled: a key no binding holds types its character.
    private static func on<Command>(
        _ bindings: KeyBindings<Command>, _ key: Key, typing: (Character) -> Command, _ handle: (Command) -> [AppIntent]
    ) -> [AppIntent] {
        bindings.command(for: key, typing: typing).map(handle) ?? []
    }

    /// The commands go through the keymap (config.json may move them); what is left edits the input.
    mutating func handleMain(_ key: Key) -> [AppIntent] {
        if let command = CompareCommand.bindings(state.display.keymap).command(for: key), let intents = handleCompare(command) { return intents }
        if let intents = handleVi(key) { return intents }
        let before = state.composer.input
        defer { state.composer.vi?.noteOutsideChange(from: before, to: state.composer.input) }
        guard let action = state.display.keymap.action(for: key) else {
            return InputCommand.bindings.command(for: key, typing: InputCommand.type).map { handleEditing($0) } ?? []
        }
        // Ctrl+K is both the palette's and the shell line's delete-to-end: while the input holds text (the input's
        // context) it edits, as a shell does; on an empty input it opens the palette.
        if action == .palette, !state.composer.input.isEmpty, let edit = InputCommand.bindings.command(for: key) { return handleEditing(edit) }
        return perform(action)
    }

    /// What a chat action does: pressed as its key, chosen in the palette, or named as a slash command.
    mutating func perform(_ action: Keymap.Action) -> [AppIntent] {
        switch action {
        case .send:
            return sendInput()
        case .compare:
            return toggleCompare()
        case .newline:
            state.composer.input.insert("\n")
        case .cancel:
            if !state.reply.waitingForTools.isEmpty { return [.sendWithoutTools] }
            if state.reply.isReplying { return requestCancel() }
            if let pending = state.composer.pendingTemplate {
                // Its files and commands are being gathered: what they make is no longer wanted.
                state.composer.pendingTemplate = nil
                setStatus("/\(pending.template.name): stopped; nothing will be sent", isError: false)
                return []
            }
            if state.composer.editing != nil {
                state.composer.editing = nil
                state.composer.input.clear()
                state.composer.attachments = []
                setStatus("edit dropped; the message is as it was", isError: false)
            } else if !state.composer.input.isEmpty {
                setDraftAside()
            } else if !state.composer.attachments.isEmpty {
                state.composer.attachments = []
                state.composer.sendWhenAttached = false
                setStatus("attachments taken off", isError: false)
            } else if state.compare != nil {
                leaveCompare()
            } else {
                state.status.text = nil
            }
        case .quit:
            // Cancel the reply, else clear a draft (kept in history: ↑ brings it back), else quit. A second
            // Ctrl+C while a cancelled reply is still winding down quits.
            if state.reply.isReplying { return state.reply.cancelRequested ? [.quit] : requestCancel() }
            if !state.composer.input.isEmpty {
                setDraftAside()
                setStatus("draft cleared (↑ brings it back); \(state.display.keymap.shortLabel(.quit)) again quits", isError: false)
                return []
            }
            return [.quit]
        case .picker:
            openPicker()
            return [.discoverModels]
        case .help:
            state.overlay = .help(top: 0)
        case .palette:
            state.overlay = .palette(PaletteState())
        case .history:
            // This conversation's messages at once, newest first; the saved sessions' as they are read.
            let typed = state.conversation.path().reversed().filter { $0.role == .user }.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            state.overlay = .history(HistorySearchState(typedHere: typed.filter { !$0.isEmpty }))
            return [.loadTypedHistory]
        case .sessions:
            guard !state.reply.isReplying else {
                setStatus("a reply is still streaming: \(state.display.keymap.shortLabel(.cancel)) cancels it", isError: true)
                return []
            }
            state.overlay = .sessions(BrowserState())
            return [.listSessions]
        case .themes:
            state.overlay = .themes(selected: state.display.themeNames.firstIndex(of: state.display.themeName) ?? 0)
        case .cycleModels:
            return cycleRecentModel()
        case .newSession:
            guard !state.reply.isReplying else {
                setStatus("a reply is still streaming: \(state.display.keymap.shortLabel(.cancel)) cancels it", isError: true)
                return []
            }
            return [.newSession]
        case .regenerate:
            guard !state.reply.isReplying, state.pane.entries.contains(where: { $0.kind == .user }) else { return [] }
            state.pane.scroll = .following
            return [.askAgain(nil)]
        case .select:
            enterSelection()
        case .tree:
            openTree()
        case .find:
            guard state.display.screenMode != .inline else { return leftToTheTerminal(.search) }
            startFind()
        case .mouse:
            guard state.display.screenMode != .inline else { return leftToTheTerminal(.mouse) }
            return toggleMouse()
        case .tools:
            openToolsPanel()
        case .settings:
            openSettings()
        case .editor:
            return [.editInEditor(state.composer.input.string)]
        case .copy:
            guard let reply = state.pane.entries.last(where: { $0.kind == .assistant && !$0.text.isEmpty && $0.isMessageHead }) else {
                setStatus("no reply to copy yet", isError: false)
                return []
            }
            return [.copyToClipboard(reply.text, what: "the last reply")]
        case .suspend:
            return [.suspend]
        case .pageUp, .scrollUp:
            guard state.display.screenMode != .inline else { return leftToTheTerminal(.scrollback) }
            scrollTranscript(by: action == .pageUp ? -(viewport.height - 1) : -3)
        case .pageDown, .scrollDown:
            guard state.display.screenMode != .inline else { return leftToTheTerminal(.scrollback) }
            scrollTranscript(by: action == .pageDown ? viewport.height - 1 : 3)
        case .top:
            if state.composer.input.isEmpty {
                state.pane.scroll = layout.normalized(.held(entry: 0, line: 0), entries: state.pane.entries, width: viewport.width, height: viewport.height)
            } else {
                state.composer.input.moveToLineStart()
            }
        case .bottom:
            if state.composer.input.isEmpty { state.pane.scroll = .following } else { state.composer.input.moveToLineEnd() }
        }
        return []
    }

    /// What the terminal itself does for the conversation in inline mode, where natter's own view of it is the
    /// scrollback: a key for it says so on the status line.
    enum TerminalsOwn { case search, scrollback, mouse }

    mutating func leftToTheTerminal(_ what: TerminalsOwn) -> [AppIntent] {
        switch what {
        case .search: setStatus("inline mode: the conversation is in the terminal's scrollback; its own search finds in it", isError: false)
        case .scrollback: setStatus("inline mode: scroll with the terminal's own keys or wheel; the conversation is in its scrollback", isError: false)
        case .mouse: setStatus("inline mode: the mouse is always the terminal's (select and copy as usual)", isError: false)
        }
        return []
    }

    /// F12: the mouse to the terminal (its own selection and copy work) or back to natter (the wheel scrolls).
    mutating func toggleMouse() -> [AppIntent] {
        state.display.mouseCaptured.toggle()
        let key = state.display.keymap.shortLabel(.mouse)
        setStatus(
            state.display.mouseCaptured
                ? "mouse: natter's (the wheel scrolls) · \(key) leaves it to the terminal"
                : "mouse: the terminal's (select and copy as usual; Shift+↑/↓ scroll) · \(key) takes it back", isError: false)
        return [.setMouseCapture(state.display.mouseCaptured)]
    }

    private mutating func cycleRecentModel() -> [AppIntent] {
        let others = state.setup.recentModels.filter { $0.provider != state.setup.providerName || $0.model != state.setup.model }
        guard let next = others.first, let model = next.model else {
            setStatus("no other recently used model yet: \(state.display.keymap.shortLabel(.picker)) picks one", isError: false)
            return []
        }
        return [.switchTo(provider: next.provider, model: model)]
    }

    mutating func setStatus(_ text: String, isError: Bool) {
        state.status.text = TerminalText.singleLine(text, limit: 400)
        state.status.isError = isError
        state.status.revision &+= 1
        state.status.isCountdown = false
    }

    // MARK: session events

    private mutating func apply(_ event: SessionEvent) {
        if applyToPane(event) { return }
        switch event {
        case .messageAdded(let message):
            if state.title == nil, message.role == .user { state.title = SessionSummary.firstLine(of: message.text) }
            let extendsBranch = message.parent == state.conversation.activeLeaf
            state.conversation.add(message)
            if extendsBranch, state.pane.entries.last?.isStreaming != true {
                appendMessageEntry(message)
            } else {
                reproject()
            }
            if message.role == .assistant { refreshSiblings(of: message) }
            if extendsBranch { countInContextMeter(message) }
        case .replyStarted(_, let parent, _):
            state.reply.isReplying = true
            state.reply.cancelRequested = false
            state.reply.replySpeed = ReplySpeed(sent: state.now)
            if state.conversation.activeLeaf != parent {
                // Asked again from an earlier message: the branch shown ends there until the reply is in.
                state.conversation.setActiveLeaf(parent)
                reproject()
            }
            applyToTranscript(event)
        case .text:
            // The retry worked: its countdown leaves the status line to the reply's figures.
            if state.reply.retryUntil != nil { state.status.text = nil }
            state.reply.retryUntil = nil
            let now = state.now  // read apart: the optional chain below holds `state` for writing
            state.reply.replySpeed?.received(at: now)
            applyToTranscript(event)
        case .reasoning:
            let now = state.now
            state.reply.replySpeed?.received(at: now)
            applyToTranscript(event)
        case .usage(_, let usage):
            if let input = usage.inputTokens {
                state.meter.usedTokens = ExternalNumber.sum(input, usage.outputTokens ?? 0)
                state.meter.usedTokensEstimated = false
            }
        case .retrying(_, let notice):
            state.reply.retryNotice = notice
            state.reply.retryUntil = state.now + notice.delay
            showRetryWait()
        case .replyEnded(let message):
            state.reply.retryUntil = nil
            if message.finish != .toolCalls {
                // The turn ends with it (`turnEnded` follows); a reply that calls tools goes on to run them.
                state.reply.isReplying = false
                state.reply.cancelRequested = false
            }
            state.conversation.add(message)
            let shown = TranscriptProjection.entry(for: message, in: state.conversation)
            if LongText.segments(shown.text).count > 1 {
                // Too long to keep as the one entry it streamed into: shown in segments.
                reproject()
                return
            }
            applyToTranscript(event)
            if let error = message.error { setStatus(error, isError: true) } else if state.status.isError { state.status.text = nil }
            countInContextMeter(message)
            spent(message.usage)
        case .activated(let leaf):
            // The UI moved there already when it asked (←/→, Ctrl+B); the session's word changes nothing then.
            guard state.conversation.activeLeaf != leaf else { return }
            state.conversation.setActiveLeaf(leaf)
            reproject()
        case .switched(let provider, let model):
            state.setup.providerName = provider
            state.setup.model = model
            state.setup.contextWindow = state.setup.providers.first { $0.name == provider }?.models.first { $0.name == model }?.contextWindow
            remember(ProviderSelection(provider: provider, model: model))
            // Switching on (F2, F2…) before anything is said replaces the notice instead of stacking them, and so
            // does a switch at a point that already has one (an edit made there once showed two).
            let leaf = state.conversation.activeLeaf ?? ""
            let replaced = Set((state.notices[leaf] ?? []).filter { $0.switchedTo != nil }.map(\.id))
            if !replaced.isEmpty {
                state.notices[leaf]?.removeAll { replaced.contains($0.id) }
                state.pane.entries.removeAll { replaced.contains($0.id) }
                state.pane.reshapes += 1
            }
            addNotice(.switchNotice(to: Origin(provider: provider, model: model)))
        case .toolCall:
            break
        case .toolStarted(_, let identity):
            state.reply.runningTool = "\(identity.server) · \(identity.tool)"
        case .toolFinished:
            state.reply.runningTool = nil
        case .turnEnded:
            let now = state.now
            state.reply.replySpeed?.ended(at: now)
            if let speed = state.reply.replySpeed, speed.firstToken != nil { state.reply.lastReplySpeed = speed }
            state.reply.replySpeed = nil
            state.reply.isReplying = false
            state.reply.cancelRequested = false
            state.reply.runningTool = nil
        case .saveFailed(let reason):
            state.status.saveFailure = TerminalText.singleLine("\(reason); the conversation continues unsaved", limit: 400)
        case .notice(let text):
            setStatus(text, isError: false)
        case .notSent(let reason):
            setStatus("not sent: \(reason)", isError: true)
        case .titled(let title, let usage):
            state.title = title
            spent(usage)
        case .settingsChanged(let parameters, let system):
            state.setup.parameters = parameters
            // The prompt the model is given is shown where it changed, dimmed like any notice.
            showSystemPrompt(system)
        case .compactionStarted(let count):
            // Asked for (Ctrl+X), it holds the input like a reply; before a request, the reply's wait shows it.
            state.reply.isReplying = true
            setStatus("summarizing the first \(count) messages for the model · \(state.display.keymap.shortLabel(.cancel)) cancels", isError: false)
        case .compacted(let compaction):
            state.conversation.add(compaction)
            spent(compaction.usage)
            reproject()
            setStatus("the first \(compaction.messageCount) messages go to the model as a summary; all stay here · \(state.display.keymap.shortLabel(.settings)) can undo it", isError: false)
        case .compactionFailed(let reason):
            setStatus("no summary made, the conversation is as it was: \(reason)", isError: true)
        case .compactionUndone(let id):
            state.conversation.undoCompaction(id)
            reproject()
            setStatus("requests carry the whole conversation again", isError: false)
        case .waitingForTools(let servers):
            let shown = toolWaitStatus
            state.reply.waitingForTools = servers
            if servers.isEmpty {
                if state.status.text == shown { state.status.text = nil }
            } else {
                setStatus(toolWaitStatus ?? "", isError: false)
            }
        }
    }

    /// "waiting for MCP server time… Esc sends without tools" while a request waits for servers still starting.
    private var toolWaitStatus: String? {
        guard !state.reply.waitingForTools.isEmpty else { return nil }
        let names = state.reply.waitingForTools.map { TerminalText.singleLine($0, limit: 40) }.joined(separator: ", ")
        return "waiting for MCP server\(state.reply.waitingForTools.count == 1 ? "" : "s") \(names)… \(state.display.keymap.shortLabel(.cancel)) sends without tools"
    }

    /// "… · retrying in 42 s (1/3) · Esc cancels", the seconds counting down with each tick.
    private mutating func showRetryWait() {
        guard let notice = state.reply.retryNotice, let seconds = state.reply.retrySecondsLeft(at: state.now) else { return }
        let when = seconds == 0 ? "retrying now" : "retrying in \(seconds) s"
        setStatus("\(notice.reason) · \(when) (\(notice.attempt)/\(notice.maxRetries)) · \(state.display.keymap.shortLabel(.cancel)) cancels", isError: true)
        state.status.isCountdown = true
    }

    mutating func remember(_ selection: ProviderSelection) {
        state.setup.recentModels.removeAll { $0 == selection }
        state.setup.recentModels.insert(selection, at: 0)
        if state.setup.recentModels.count > 10 { state.setup.recentModels.removeLast() }
    }

    /// Returns the entry as added, with its id.
    @discardableResult
    mutating func append(_ entry: TranscriptEntry) -> TranscriptEntry {
        state.pane.append(entry)
    }

    /// The main transcript's part of a reply's event, by the one function every pane takes them with.
    private mutating func applyToTranscript(_ event: SessionEvent) {
        let conversation = state.conversation  // apart: read while the pane is written
        _ = state.pane.apply(event, in: conversation)
    }

    private mutating func appendMessageEntry(_ message: Message) {
        var ids: [Int] = []
        for entry in TranscriptProjection.entries(for: message, in: state.conversation, id: { _ in 0 }) {
            ids.append(append(entry).id)
        }
        for (index, id) in ids.enumerated() { state.pane.entryIDs[TranscriptProjection.segmentKey(message.id, index)] = id }
    }

    /// A note of natter's after the branch's last message, kept there when the branch is shown again.
    mutating func addNotice(_ notice: TranscriptEntry) {
        let added = append(notice)
        state.notices[state.conversation.activeLeaf ?? "", default: []].append(added)
    }

    private mutating func removeNotice(id: Int) {
        for key in state.notices.keys { state.notices[key]?.removeAll { $0.id == id } }
    }

    /// A new sibling changes its siblings' "‹i/n›": the one on screen is redrawn with the new count.
    private mutating func refreshSiblings(of message: Message) {
        guard let index = state.pane.entries.firstIndex(where: { $0.messageID == message.id }) else { return }
        let shown = TranscriptProjection.entry(for: message, in: state.conversation)
        if state.pane.entries[index].siblings != shown.siblings {
            state.pane.entries[index].siblings = shown.siblings
            state.pane.entries[index].revision += 1
        }
    }

    /// The entries again from the conversation: after the branch shown changed.
    mutating func reproject() {
        var ids = state.pane.entryIDs
        var next = state.pane.nextEntryID
        var entries = TranscriptProjection.entries(state.conversation, notices: state.notices, ids: &ids, nextID: &next)
        // A reply still streaming is in no conversation yet (it joins at its end): it stays at the end of the
        // branch it answers. A compaction before its request once dropped it here, and no later token found it.
        entries += state.pane.entries.filter { entry in entry.isStreaming && entry.messageID.map { state.conversation[$0] == nil } == true }
        for index in entries.indices where entries[index].kind == .tool {
            entries[index].folded = !state.pane.unfoldedResults.contains(entries[index].messageID ?? "")
        }
        if let selected = state.pane.selection, let index = entries.firstIndex(where: { $0.messageID == selected }) {
            entries[index].isSelected = true
        }
        // Entries whose content is unchanged keep their revision, and so their cached lines.
        let previous = Dictionary(state.pane.entries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for index in entries.indices {
            guard let old = previous[entries[index].id] else {
                layout.forget(entries[index].id)
                continue
            }
            var same = entries[index]
            same.revision = old.revision
            entries[index].revision = same == old ? old.revision : old.revision + 1
        }
        state.pane.entryIDs = ids
        state.pane.nextEntryID = next
        state.pane.entries = entries
        state.pane.reshapes += 1
        refreshContextMeter()
    }

    /// Replaces the conversation (new session, a resumed or reviewed one). Entry ids keep counting up, so the
    /// layout cache can never mistake a new entry for an old one.
    mutating func reset(conversation: Conversation = Conversation(), notices: [ConversationNotice] = [], guide: String? = nil, title: String?) {
        state.conversation = conversation
        // A template's message, or a message quoted for one, belongs to the conversation it was asked in.
        state.composer.pendingTemplate = nil
        state.composer.quoted = nil
        // A new conversation starts from the model's defaults; a resumed one's session says its own.
        state.setup.parameters = ModelParameters()
        state.setup.systemPrompt = nil
        state.notices = [:]
        state.pane.entryIDs = [:]
        state.pane.entries = []
        state.pane.reshapes += 1
        state.pane.selection = nil
        state.composer.editing = nil
        state.find = nil
        if let guide {
            let added = append(.guide(guide))
            state.notices["", default: []].append(added)
        }
        for notice in notices {
            let added = append(notice.switchedTo.map { TranscriptEntry.switchNotice(to: $0) } ?? .notice(notice.text))
            state.notices[notice.after, default: []].append(added)
        }
        reproject()
        state.title = title
        state.pane.scroll = .following
        state.reply.isReplying = false
        refreshContextMeter()
        state.meter.sessionCost = Self.cost(of: conversation)
        state.meter.sessionTokens = Usage()
        for message in conversation.messages { counted(message.usage) }
        state.status.saveFailure = nil
        layout.removeAll()
    }

    /// A reply or a summary was paid for: the header's cost grows by it (stays nil while no price is known).
    mutating func spent(_ usage: Usage?) {
        if let cost = usage?.cost { state.meter.sessionCost = (state.meter.sessionCost ?? 0) + cost }
        counted(usage)
    }

    /// Adds a reply's input and cache counts to the session's, for the header's cache share.
    private mutating func counted(_ usage: Usage?) {
        guard let usage, let input = usage.inputTokens else { return }
        let total = state.meter.sessionTokens
        state.meter.sessionTokens = Usage(
            inputTokens: ExternalNumber.sum(total.inputTokens ?? 0, input),
            cacheReadTokens: usage.cacheReadTokens.map { ExternalNumber.sum(total.cacheReadTokens ?? 0, $0) } ?? total.cacheReadTokens)
    }

    /// What every reply of every branch, and every summary, cost; nil when none had a known price.
    static func cost(of conversation: Conversation) -> Double? {
        let costs = conversation.messages.compactMap { $0.usage?.cost } + conversation.compactions.values.compactMap { $0.usage?.cost }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    /// One more message at the end of the branch: a reply's own count replaces the sum, anything else is
    /// added as an estimate. Constant time: a 100,000-message conversation is built a message at a time.
    mutating func countInContextMeter(_ message: Message) {
        if message.role == .assistant, let input = message.usage?.inputTokens {
            state.meter.usedTokens = ExternalNumber.sum(input, message.usage?.outputTokens ?? ContextMeter.estimate(message))
            state.meter.usedTokensEstimated = message.usage?.outputTokens == nil
        } else {
            state.meter.usedTokens = ExternalNumber.sum(state.meter.usedTokens ?? 0, ContextMeter.estimate(message))
            state.meter.usedTokensEstimated = true
        }
    }

    /// What the next request carries, from the whole branch shown: when the branch changes, with the
    /// projection that is rebuilt then anyway.
    mutating func refreshContextMeter() {
        let path = state.conversation.path()
        let measured = ContextMeter.measure(path, compaction: state.conversation.compaction(on: path))
        state.meter.usedTokens = measured.tokens > 0 ? measured.tokens : nil
        state.meter.usedTokensEstimated = measured.isEstimate
    }

    mutating func setProviders(_ providers: [PickerProvider]) {
        state.setup.providers = providers
        state.setup.contextWindow = providers.first { $0.name == state.setup.providerName }?.models.first { $0.name == state.setup.model }?.contextWindow
    }
}
