import NatterProviders
import NatterSession

/// Saved sessions in the UI: the browser (Ctrl+S), search across transcripts, the read-only review, and what
/// can be done from it (resume, rename, delete, export).
extension App {
    // MARK: the browser

    mutating func applyBrowser(_ step: SessionsOverlay.Step) -> [AppIntent] {
        switch step {
        case .browse(let browser):
            state.overlay = .sessions(browser)
        case .search(let browser):
            state.overlay = .sessions(browser)
            // The browser's own list, once it has one: each keystroke used to list the sessions folder again.
            let ids = browser.isLoading ? nil : browser.sessions.map(\.id)
            return browser.isSearching ? [.searchSessions(browser.searchedQuery, among: ids)] : [.cancelSearch]
        case .close(let cancelSearch):
            state.overlay = nil
            if state.review != nil { leaveReview() }
            return cancelSearch ? [.cancelSearch] : []
        case .ask(let action, let session):
            state.prompt = Prompt.asking(action, about: session)
        case .mark(let browser, let id, let mark, let on):
            state.overlay = .sessions(browser)
            let said = switch (mark, on) {
            case (.pinned, true): "pinned: listed first, never pruned"
            case (.pinned, false): "unpinned"
            case (.archived, true): "archived: \(SessionsOverlay.label(of: .showArchived, state.display.keymap)) lists the archived sessions"
            case (.archived, false): "back in the list"
            }
            setStatus(said, isError: false)
            return [.markSession(id: id, mark, on)]
        case .open(let id, let focus, let highlight):
            return [.openSession(id: id, focusMessage: focus, highlight: highlight)]
        }
        return []
    }

    // MARK: the review

    mutating func handleReviewKey(_ key: Key) -> [AppIntent] {
        guard let command = ReviewBar.bindings(state.display.keymap).command(for: key) else { return [] }
        return handleReview(command)
    }

    mutating func handleReview(_ command: ReviewBar.Command) -> [AppIntent] {
        guard let review = state.review else { return [] }
        switch ReviewBar.update(review, command) {
        case .browse(let browser):
            state.overlay = .sessions(browser)
        case .leave:
            leaveReview()
        case .resume(let id, let withCurrentModel):
            return [.resumeSession(id: id, withCurrentModel: withCurrentModel)]
        case .ask(let prompt):
            state.prompt = prompt
        case .scroll(let lines, let pages):
            scrollTranscript(by: lines + pages * (viewport.height - 1))
        case .top:
            state.pane.scroll = layout.normalized(.held(entry: 0, line: 0), entries: state.pane.entries, width: viewport.width, height: viewport.height)
        case .bottom:
            state.pane.scroll = .following
        case .help:
            state.overlay = .help(top: 0)
        case .find:
            startFind()
        }
        return []
    }

    mutating func scrollTranscript(by delta: Int) {
        state.pane.scroll = layout.scroll(state.pane.scroll, by: delta, entries: state.pane.entries, width: viewport.width, height: viewport.height)
    }

    /// Back to the live conversation as it was before the review.
    mutating func leaveReview() {
        guard let review = state.review else { return }
        state.review = nil
        state.prompt = nil
        review.parked.restore(into: &state)
        layout.removeAll()
    }

    // MARK: prompts

    mutating func handlePrompt(_ key: Key, _ prompt: Prompt) -> [AppIntent] {
        // A yes-or-no question takes any key but y as a no.
        let command = PromptBar.bindings(for: prompt).command(for: key, typing: { .type(String($0)) })
        if prompt.kind.isYesOrNo { return applyPrompt(PromptBar.update(prompt, command ?? .cancel)) }
        return command.map { applyPrompt(PromptBar.update(prompt, $0)) } ?? []
    }

    mutating func applyPrompt(_ step: PromptBar.Step) -> [AppIntent] {
        guard let prompt = state.prompt else { return [] }
        switch step {
        case .edit(let edited):
            state.prompt = edited
            return []
        case .cancel:
            state.prompt = nil
            switch prompt.kind {
            case .templateValue(let run, _), .confirmTemplateCommands(let run): templateDropped(run)
            case .rename, .export, .confirmDelete, .setting: break
            }
            return []
        case .answer(let answer):
            state.prompt = nil
            switch prompt.kind {
            // An empty answer resets a setting; for the others it asks nothing.
            case .setting(let row): return answerSetting(row, answer)
            case .rename(let id): return answer.isEmpty ? [] : [.renameSession(id: id, title: answer)]
            case .export(let id): return answer.isEmpty ? [] : [.exportSession(id: id, path: answer)]
            case .confirmDelete(let id): return [.deleteSession(id: id)]
            case .templateValue(var run, let name):
                run.answers[name] = answer
                return continueTemplate(run)
            case .confirmTemplateCommands(var run):
                run.commandsAllowed = true
                return continueTemplate(run)
            }
        }
    }

    // MARK: results from the runner

    /// The browser's list, read by the runner.
    mutating func sessionsListed(_ sessions: [SessionSummary]) -> [AppIntent] {
        editBrowser {
            $0.sessions = sessions
            $0.isLoading = false
        }
        return []
    }

    /// Hits of a search still going; those of a query since replaced are dropped.
    mutating func searchHitsArrived(_ hits: [SearchHit], for query: String) -> [AppIntent] {
        editBrowser { browser in
            guard browser.searchedQuery == query else { return }
            browser.hits += hits
        }
        return []
    }

    mutating func searchFinished(_ query: String) -> [AppIntent] {
        editBrowser { browser in
            if browser.searchedQuery == query { browser.isSearching = false }
        }
        return []
    }

    /// A saved session opened for review from the browser, at a search hit when there is one.
    mutating func sessionOpened(_ summary: SessionSummary, transcript: Transcript, focus: String?, highlight: String?) -> [AppIntent] {
        guard case .sessions(let browser)? = state.overlay else { return [] }
        let parked = state.review?.parked
            ?? ParkedChat(state)
        let problems = transcript.problems
        state.review = ReviewState(summary: summary, problems: problems, highlight: highlight, browser: browser, parked: parked)
        state.overlay = nil
        var conversation = transcript.conversation
        // A search hit on another branch: that branch is the one shown.
        if let focus, !conversation.path().contains(where: { $0.id == focus }) { conversation.activate(focus) }
        reset(conversation: conversation, notices: TranscriptProjection.notices(in: transcript), title: summary.displayTitle)
        if let focus, let index = state.pane.entries.firstIndex(where: { $0.messageID == focus }) {
            state.pane.scroll = layout.normalized(
                .held(entry: index, line: 0), entries: state.pane.entries, width: viewport.width, height: viewport.height)
        }
        if !problems.isEmpty { setStatus(problems.joined(separator: "; "), isError: true) }
        return []
    }

    /// The reviewed session became the live one.
    mutating func sessionResumed(_ summary: SessionSummary, provider: String, model: String) -> [AppIntent] {
        state.review = nil
        state.overlay = nil
        state.title = summary.displayTitle
        state.pane.scroll = .following
        state.setup.providerName = provider
        state.setup.model = model
        state.setup.contextWindow = state.setup.providers.first { $0.name == provider }?.models.first { $0.name == model }?.contextWindow
        remember(ProviderSelection(provider: provider, model: model))
        setStatus("resumed \"\(summary.displayTitle)\" with \(provider) · \(model)", isError: false)
        return []
    }

    mutating func sessionRenamed(_ id: String, to title: String) -> [AppIntent] {
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
        return []
    }

    mutating func sessionDeleted(_ id: String) -> [AppIntent] {
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
        return []
    }

    private mutating func editBrowser(_ change: (inout BrowserState) -> Void) {
        if case .sessions(var browser)? = state.overlay {
            change(&browser)
            state.overlay = .sessions(browser)
        }
    }
}
