import NatterProviders
import NatterSession

/// Saved sessions in the UI: the browser (Ctrl+S), search across transcripts, the read-only review, and what
/// can be done from it (resume, rename, delete, export).
extension App {
    // MARK: typed text

    /// Typed or pasted text while the browser, a prompt or a review has the keyboard; nil when none has.
    func typeIntoSessions(_ text: String) -> [AppIntent]? {
        var line: String { PastedText.singleLine(text) }
        if var prompt = state.prompt {
            if case .confirmDelete = prompt.kind, let answer = text.first { return handlePrompt(.character(answer), prompt) }
            prompt.input.insert(line)
            state.prompt = prompt
            return []
        }
        if case .sessions(var browser)? = state.overlay {
            switch browser.mode {
            case .list:
                browser.filter.insert(line)
                browser.selected = 0
                state.overlay = .sessions(browser)
                return []
            case .search:
                browser.query.insert(line)
                return search(browser)
            }
        }
        if state.review != nil, state.overlay == nil {
            // In a review, letters are commands; each typed character is one key.
            return text.flatMap { handleReview(.character($0)) }
        }
        return nil
    }

    // MARK: the browser

    func handleBrowser(_ key: Key, _ current: BrowserState) -> [AppIntent] {
        var browser = current
        switch key {
        case .escape, .control("c"), .control("s"):
            state.overlay = nil
            if state.review != nil { leaveReview() }
            return browser.isSearching ? [.cancelSearch] : []
        case .tab, .control("f"):
            browser.mode = browser.mode == .list ? .search : .list
            browser.selected = 0
            state.overlay = .sessions(browser)
            return browser.mode == .search && !browser.query.isEmpty ? search(browser) : []
        case .up: browser.selected = max(0, browser.selected - 1)
        case .down: browser.selected = min(max(0, browser.rowCount - 1), browser.selected + 1)
        case .pageUp: browser.selected = max(0, browser.selected - 10)
        case .pageDown: browser.selected = min(max(0, browser.rowCount - 1), browser.selected + 10)
        case .home: browser.selected = 0
        case .end: browser.selected = max(0, browser.rowCount - 1)
        case .backspace:
            if browser.mode == .list {
                browser.filter.backspace()
                browser.selected = 0
            } else {
                browser.query.backspace()
                return search(browser)
            }
        case .function(2), .delete, .control("e"):
            // Rename, delete or export the chosen session without opening it (as n, d and e do in a review).
            let sessions = browser.filteredSessions
            guard browser.mode == .list, sessions.indices.contains(browser.selected) else { break }
            state.prompt = Self.prompt(for: key, on: sessions[browser.selected])
        case .enter:
            switch browser.mode {
            case .list:
                let sessions = browser.filteredSessions
                guard sessions.indices.contains(browser.selected) else { return [] }
                return [.openSession(id: sessions[browser.selected].id, focusMessage: nil, highlight: nil)]
            case .search:
                guard browser.hits.indices.contains(browser.selected) else { return [] }
                let hit = browser.hits[browser.selected]
                return [.openSession(id: hit.sessionID, focusMessage: hit.messageID, highlight: browser.searchedQuery)]
            }
        default:
            break
        }
        state.overlay = .sessions(browser)
        return []
    }

    /// Starts (or restarts) the search for the query as typed so far.
    private func search(_ browser: BrowserState) -> [AppIntent] {
        var browser = browser
        browser.selected = 0
        browser.hits = []
        browser.searchedQuery = browser.query.string
        browser.isSearching = TranscriptSearch(browser.searchedQuery) != nil
        state.overlay = .sessions(browser)
        // The browser's own list, once it has one: each keystroke used to list the sessions folder again.
        let ids = browser.isLoading ? nil : browser.sessions.map(\.id)
        return browser.isSearching ? [.searchSessions(browser.searchedQuery, among: ids)] : [.cancelSearch]
    }

    // MARK: the review

    func handleReview(_ key: Key) -> [AppIntent] {
        guard let review = state.review else { return [] }
        let id = review.summary.id
        switch key {
        case .escape, .character("q"):
            state.overlay = .sessions(review.browser)
        case .control("c"):
            leaveReview()
        case .enter, .character("r"):
            return [.resumeSession(id: id, withCurrentModel: false)]
        case .character("c"):
            return [.resumeSession(id: id, withCurrentModel: true)]
        case .character("n"):
            state.prompt = Self.prompt(for: .function(2), on: review.summary)
        case .character("e"):
            state.prompt = Self.prompt(for: .control("e"), on: review.summary)
        case .character("d"):
            state.prompt = Self.prompt(for: .delete, on: review.summary)
        case .pageUp, .shiftUp, .wheelUp, .up, .character("k"):
            scrollTranscript(by: key == .pageUp ? -(viewport.height - 1) : -3)
        case .pageDown, .shiftDown, .wheelDown, .down, .character("j"), .character(" "):
            scrollTranscript(by: key == .pageDown || key == .character(" ") ? viewport.height - 1 : 3)
        case .home, .character("g"):
            state.scroll = layout.normalized(.held(entry: 0, line: 0), entries: state.entries, width: viewport.width, height: viewport.height)
        case .end, .character("G"):
            state.scroll = .following
        case .function(1):
            state.overlay = .help(top: 0)
        case _ where state.keymap.action(for: key) == .find:
            startFind()
        default:
            break
        }
        return []
    }

    func scrollTranscript(by delta: Int) {
        state.scroll = layout.scroll(state.scroll, by: delta, entries: state.entries, width: viewport.width, height: viewport.height)
    }

    /// Back to the live conversation as it was before the review.
    func leaveReview() {
        guard let review = state.review else { return }
        state.review = nil
        state.prompt = nil
        state.conversation = review.parked.conversation
        state.notices = review.parked.notices
        state.entries = review.parked.entries
        state.scroll = review.parked.scroll
        state.title = review.parked.title
        layout.removeAll()
    }

    // MARK: prompts

    /// What a session command asks first: F2 a new title, Ctrl+E where to export, Delete a yes or no.
    static func prompt(for command: Key, on session: SessionSummary) -> Prompt? {
        switch command {
        case .function(2):
            return Prompt(kind: .rename(sessionID: session.id), label: "Rename to", input: InputBuffer(session.displayTitle))
        case .control("e"):
            return Prompt(kind: .export(sessionID: session.id), label: "Export Markdown to", input: InputBuffer("\(session.id).md"))
        case .delete:
            let title = TerminalText.singleLine(session.displayTitle, limit: 40)
            return Prompt(kind: .confirmDelete(sessionID: session.id), label: "Delete \"\(title)\"? y/n", input: InputBuffer())
        default:
            return nil
        }
    }

    func handlePrompt(_ key: Key, _ current: Prompt) -> [AppIntent] {
        var prompt = current
        if case .confirmDelete(let id) = prompt.kind {
            state.prompt = nil
            return key == .character("y") || key == .character("Y") ? [.deleteSession(id: id)] : []
        }
        switch key {
        case .escape, .control("c"):
            state.prompt = nil
            return []
        case .enter:
            state.prompt = nil
            let answer = prompt.input.string.trimmingCharacters(in: .whitespaces)
            // An empty answer resets a setting; for the others it asks nothing.
            if case .setting(let row) = prompt.kind { return answerSetting(row, answer) }
            guard !answer.isEmpty else { return [] }
            switch prompt.kind {
            case .rename(let id): return [.renameSession(id: id, title: answer)]
            case .export(let id): return [.exportSession(id: id, path: answer)]
            case .confirmDelete, .setting: return []
            }
        case .backspace: prompt.input.backspace()
        case .control("u"): prompt.input = InputBuffer()
        case .delete: prompt.input.deleteForward()
        case .left: prompt.input.moveLeft()
        case .right: prompt.input.moveRight()
        case .home: prompt.input.moveToLineStart()
        case .end: prompt.input.moveToLineEnd()
        case .character(let character): prompt.input.insert(String(character))
        default: break
        }
        state.prompt = prompt
        return []
    }

    // MARK: results from the runner

    func applySessions(_ event: Event) -> [AppIntent] {
        switch event {
        case .sessionsListed(let sessions):
            editBrowser {
                $0.sessions = sessions
                $0.isLoading = false
            }
        case .searchHits(let query, let hits):
            editBrowser { browser in
                guard browser.searchedQuery == query else { return }
                browser.hits += hits
            }
        case .searchFinished(let query):
            editBrowser { browser in
                if browser.searchedQuery == query { browser.isSearching = false }
            }
        case .sessionOpened(let summary, let transcript, let focus, let highlight):
            guard case .sessions(let browser)? = state.overlay else { return [] }
            let parked = state.review?.parked
                ?? ParkedChat(conversation: state.conversation, notices: state.notices, entries: state.entries, scroll: state.scroll, title: state.title)
            let problems = transcript.problems
            state.review = ReviewState(summary: summary, problems: problems, highlight: highlight, browser: browser, parked: parked)
            state.overlay = nil
            var conversation = transcript.conversation
            // A search hit on another branch: that branch is the one shown.
            if let focus, !conversation.path().contains(where: { $0.id == focus }) { conversation.activate(focus) }
            reset(conversation: conversation, notices: TranscriptProjection.notices(in: transcript), title: summary.displayTitle)
            if let focus, let index = state.entries.firstIndex(where: { $0.messageID == focus }) {
                state.scroll = layout.normalized(
                    .held(entry: index, line: 0), entries: state.entries, width: viewport.width, height: viewport.height)
            }
            if !problems.isEmpty { setStatus(problems.joined(separator: "; "), isError: true) }
        case .sessionResumed(let summary, let provider, let model):
            state.review = nil
            state.overlay = nil
            state.title = summary.displayTitle
            state.scroll = .following
            state.providerName = provider
            state.model = model
            state.contextWindow = state.providers.first { $0.name == provider }?.models.first { $0.name == model }?.contextWindow
            remember(ProviderSelection(provider: provider, model: model))
            setStatus("resumed \"\(summary.displayTitle)\" with \(provider) · \(model)", isError: false)
        case .sessionRenamed(let id, let title):
            if state.review?.summary.id == id {
                state.review?.summary.title = title
                state.title = title
            }
            let rename = { (browser: inout BrowserState) in
                for index in browser.sessions.indices where browser.sessions[index].id == id { browser.sessions[index].title = title }
            }
            editBrowser(rename)
            if var review = state.review {
                rename(&review.browser)
                state.review = review
            }
            setStatus("renamed to \"\(title)\"", isError: false)
        case .sessionDeleted(let id):
            let remove = { (browser: inout BrowserState) in
                browser.sessions.removeAll { $0.id == id }
                browser.hits.removeAll { $0.sessionID == id }
                browser.selected = min(browser.selected, max(0, browser.rowCount - 1))
            }
            if var browser = state.review?.browser {
                remove(&browser)
                if state.review?.summary.id == id {
                    // The session under review is gone: back to the list it was opened from.
                    leaveReview()
                    state.overlay = .sessions(browser)
                } else {
                    state.review?.browser = browser
                }
            }
            editBrowser(remove)
            setStatus("session deleted", isError: false)
        default:
            break
        }
        return []
    }

    private func editBrowser(_ change: (inout BrowserState) -> Void) {
        if case .sessions(var browser)? = state.overlay {
            change(&browser)
            state.overlay = .sessions(browser)
        }
    }
}
