import NatterProviders
import NatterSession

/// Compare (SPEC 9): Ctrl+O marks models in the picker, the next message goes to all of them, their replies
/// stream into panes side by side, and Enter keeps the focused one.
extension App {
    /// Ctrl+O: the picker in multi-select, or, in compare mode, back to one model.
    mutating func toggleCompare() -> [AppIntent] {
        if state.compare != nil {
            guard !state.reply.isReplying else {
                setStatus("replies are streaming: \(state.display.keymap.shortLabel(.cancel)) stops them", isError: true)
                return []
            }
            leaveCompare()
            return []
        }
        // The marks of the last comparison come back: comparing the same models again is one Enter.
        openPicker(marking: state.lastCompared)
        return [.discoverModels]
    }

    /// Space in the multi-select picker: marks or unmarks the highlighted model, up to four.
    mutating func toggleMark(_ picker: PickerState) {
        var picker = picker
        let rows = state.pickerRows
        guard var marked = picker.marked, rows.indices.contains(picker.selected),
            case .model(let provider, let info) = rows[picker.selected]
        else { return }
        let origin = Origin(provider: provider, model: info.name)
        if let index = marked.firstIndex(of: origin) {
            marked.remove(at: index)
        } else if let problem = state.setup.providers.first(where: { $0.name == provider })?.problem {
            setStatus(problem.howToFix(provider: provider), isError: true)
        } else if marked.count >= ChatSession.compareModels.upperBound {
            setStatus("compare takes at most \(ChatSession.compareModels.upperBound) models", isError: true)
        } else {
            marked.append(origin)
        }
        picker.marked = marked
        state.overlay = .picker(picker)
    }

    /// Enter in the multi-select picker: compare mode with the marked models.
    mutating func confirmMarks(_ marked: [Origin]) {
        guard ChatSession.compareModels.contains(marked.count) else {
            setStatus("mark 2 to 4 models with Space, then Enter", isError: true)
            return
        }
        state.overlay = nil
        state.compare = CompareState(origins: marked)
        state.lastCompared = marked
        setStatus("compare: the next message goes to \(marked.count) models · \(state.display.keymap.shortLabel(.compare)) or \(state.display.keymap.shortLabel(.cancel)) leaves", isError: false)
    }

    mutating func leaveCompare() {
        state.compare = nil
        reproject()
        setStatus("compare off: the conversation goes on with \(state.setup.providerName) · \(state.setup.model)", isError: false)
    }

    /// The message to every marked model; its replies will fill the panes.
    mutating func sendCompared(_ text: String, attachments: [AttachmentRef], to origins: [Origin]) -> [AppIntent] {
        state.compare?.round = CompareRound(question: text, origins: origins)
        paneLayouts = origins.map { _ in TranscriptLayout() }
        return [.compare(text, attachments: attachments, with: origins)]
    }

    /// Enter with the replies in: the focused one becomes the branch and its model the conversation's.
    mutating func keepFocusedReply() -> [AppIntent] {
        guard let round = state.compare?.round else { return [] }
        let pane = round.panes[round.focused]
        guard let id = pane.replyID else {
            setStatus("\(pane.origin.shortLabel) has not answered", isError: true)
            return []
        }
        guard !pane.isStreaming else {
            setStatus("\(pane.origin.shortLabel) is still streaming: wait for it, or \(state.display.keymap.shortLabel(.cancel)) stops every reply", isError: true)
            return []
        }
        // A reply that failed before saying anything is nothing to go on from (requests leave it out).
        if let reply = state.conversation[id], reply.isEmptyReply {
            setStatus("\(pane.origin.shortLabel) gave no answer (\(reply.error ?? reply.finish?.rawValue ?? "empty")): ←/→ to another", isError: true)
            return []
        }
        state.compare = nil
        state.conversation.activate(id)
        state.setup.providerName = pane.origin.provider
        state.setup.model = pane.origin.model
        state.pane.scroll = .following
        reproject()
        setStatus("kept \(pane.origin.shortLabel)'s reply; the others stay beside it (\(state.display.keymap.shortLabel(.select)), then ←/→)", isError: false)
        return [.activate(id), .switchTo(provider: pane.origin.provider, model: pane.origin.model)]
    }

    /// A compare command while a round is shown; nil when it is the chat's to handle (no round, ←/→ with
    /// text in the input, the send key while replies still stream).
    mutating func handleCompare(_ command: CompareCommand) -> [AppIntent]? {
        guard var round = state.compare?.round else { return nil }
        switch command {
        case .focus(let step):
            guard state.composer.input.isEmpty else { return nil }
            // Held at the ends: ← on the left pane once wrapped to the right one, and a person kept the wrong reply.
            round.focused = min(max(0, round.focused + step), round.panes.count - 1)
        case .keep:
            guard !state.reply.isReplying else { return nil }
            let kept = keepFocusedReply()
            // What is typed goes to the kept model.
            guard !kept.isEmpty, !state.composer.input.isEmpty || !state.composer.attachments.isEmpty else { return kept }
            return kept + sendInput()
        case .scroll(let lines):
            scrollFocusedPane(&round, by: lines)
        case .page(let pages):
            scrollFocusedPane(&round, by: pages * max(1, paneViewport.height - 1))
        }
        state.compare?.round = round
        return []
    }

    private mutating func scrollFocusedPane(_ round: inout CompareRound, by lines: Int) {
        let pane = round.panes[round.focused]
        guard paneLayouts.indices.contains(pane.id) else { return }
        round.panes[round.focused].pane.scroll = paneLayouts[pane.id].scroll(
            pane.pane.scroll, by: lines, entries: pane.pane.entries, width: paneViewport.width, height: paneViewport.height)
    }

    /// The mouse over a pane focuses it (the wheel then scrolls it).
    mutating func focusPane(at x: Int, _ y: Int) {
        guard let round = state.compare?.round else { return }
        let area = Screen.Layout(state, width: state.display.terminalWidth, height: state.display.terminalHeight).transcript
        let rects = ComparePanes.rects(count: round.panes.count, in: ComparePanes.paneArea(in: area))
        guard let index = rects.firstIndex(where: { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }) else { return }
        state.compare?.round?.focused = index
    }

    /// A session event about a reply in a pane, applied there; false for everything else. Panes are changed
    /// in place: a copy of the round taken out and put back would copy a pane's whole text at every token.
    mutating func applyToPane(_ event: SessionEvent) -> Bool {
        // Looked up without holding a copy of the round, which would share (and so copy) what is edited.
        guard state.compare?.round != nil else { return false }
        func pane(showing id: String) -> Int? { state.compare?.round?.pane(showing: id) }
        func edit(_ index: Int, _ change: (inout ComparePane) -> Void) { change(&state.compare!.round!.panes[index]) }
        let now = state.now
        switch event {
        case .replyStarted(let id, _, let origin):
            guard let index = state.compare?.round?.pane(for: origin) else { return false }
            state.reply.isReplying = true
            state.reply.cancelRequested = false
            let conversation = state.conversation  // apart: read while a pane is written
            if let pane = state.compare?.round?.panes[index], paneLayouts.indices.contains(pane.id) {
                for entry in pane.pane.entries { paneLayouts[pane.id].forget(entry.id) }  // replaced below
            }
            edit(index) { pane in
                pane.replyID = id
                pane.isStreaming = true
                pane.speed = pane.speed ?? ReplySpeed(sent: now)
                // A pane shows its turn's latest reply alone: the one after tool results replaces the one that called them.
                pane.pane.entries.removeAll()
                _ = pane.pane.apply(event, in: conversation)
            }
        case .text(let id, _), .reasoning(let id, _):
            guard let index = pane(showing: id) else { return false }
            let conversation = state.conversation
            edit(index) { pane in
                _ = pane.pane.apply(event, in: conversation)
                pane.speed?.received(at: now)
            }
        case .usage(let id, let usage):
            guard let index = pane(showing: id) else { return false }
            edit(index) { $0.usage = ($0.usage ?? Usage()).updated(with: usage) }
        case .toolCall(let id, _):
            return pane(showing: id) != nil
        case .retrying(let id, let notice):
            guard let index = pane(showing: id) else { return false }
            setStatus("\(state.compare!.round!.panes[index].origin.shortLabel): \(notice.reason) · retrying (\(notice.attempt)/\(notice.maxRetries))", isError: true)
        case .replyEnded(let message):
            guard let index = pane(showing: message.id) else { return false }
            state.conversation.add(message)
            let conversation = state.conversation
            edit(index) { pane in
                _ = pane.pane.apply(event, in: conversation, label: .modelOnly)
                pane.isStreaming = message.finish == .toolCalls  // its turn goes on with the calls' results
                if !pane.isStreaming { pane.speed?.ended(at: now) }
                if let usage = message.usage { pane.usage = usage }
            }
            spent(message.usage)
        case .messageAdded(let message):
            // A pane's tool results: in the tree, not in the transcript shown above the panes.
            guard message.role == .tool, let parent = message.parent, pane(showing: parent) != nil else { return false }
            state.conversation.add(message)
        case .toolStarted, .toolFinished, .turnEnded, .activated, .switched, .saveFailed, .notice, .notSent, .titled, .settingsChanged,
            .compactionStarted, .compacted, .compactionFailed, .compactionUndone, .waitingForTools:
            // The conversation's, not a pane's: the main transcript takes them.
            return false
        }
        return true
    }
}
