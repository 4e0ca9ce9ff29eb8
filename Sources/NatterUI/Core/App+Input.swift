import NatterProviders

/// The input line: sending it, the shell-line editing keys, clearing a draft into history and browsing it.
extension App {
    /// - Parameter files: which of the `@` words' paths name files, once the disk has said (`.filesLookedUp`).
    mutating func sendInput(files: Set<String>? = nil) -> [AppIntent] {
        // A command, not a message (not in an edit: its text is a message's, whatever it starts with).
        if files == nil, state.composer.editing == nil, let intents = runSlashInput() { return intents }
        guard !state.reply.isReplying else {
            setStatus("a reply is still streaming: \(state.display.keymap.shortLabel(.cancel)) cancels it", isError: true)
            return []
        }
        // `@path` words of files become chips first (not in a reply being edited: its text is the model's);
        // the message goes when every chip is read. Which words name files is asked of the disk first.
        var editingReply = false
        if case .reply? = state.composer.editing { editingReply = true }
        let paths = editingReply ? [] : AttachmentPath.mentionedPaths(in: state.composer.input.text, directory: state.composer.workingDirectory)
        if files == nil, !paths.isEmpty { return [.lookUpFiles(paths, for: .send)] }
        let reading = editingReply ? [] : attachMentionedFiles(files ?? [])
        let text = state.composer.input.string
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !state.composer.attachments.isEmpty else { return reading }
        guard !state.setup.model.isEmpty else {
            // The message waits in the input and goes as soon as a model is picked.
            setStatus("no model chosen yet: pick one and the message is sent", isError: true)
            state.composer.sendAfterPick = true
            openPicker()
            return reading + [.discoverModels]
        }
        let unread = state.composer.attachments.filter { $0.reference == nil }
        if !unread.isEmpty {
            state.composer.sendWhenAttached = true
            setStatus("reading \(unread.map(\.name).joined(separator: ", "))…: the message goes when it is read", isError: false)
            return reading
        }
        let references = state.composer.attachments.compactMap(\.reference)
        if editingReply, !references.isEmpty {
            setStatus("a reply's text is edited alone: \(state.display.keymap.shortLabel(.cancel)) takes the attachments off", isError: true)
            return reading
        }
        if let refusal = imageRefusal(references) {
            setStatus(
                "not sent: \(refusal) · \(state.display.keymap.shortLabel(.picker)) picks a model that does, Backspace at the start of the input takes the last chip off",
                isError: true)
            return reading
        }
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, state.composer.history.last != text { state.composer.history.append(text) }
        state.composer.historyIndex = nil
        state.composer.input.clear()
        state.composer.vi?.startDraft()
        state.composer.quoted = nil
        state.composer.attachments = []
        state.pane.scroll = .following
        state.status.text = nil
        switch state.composer.editing {
        case .message(let id)?:
            state.composer.editing = nil
            return [.sendEdited(text, replacing: id, attachments: references)]
        case .reply(let id)?:
            state.composer.editing = nil
            return [.reviseReply(id, text: text)]
        case nil:
            if let compare = state.compare { return sendCompared(text, attachments: references, to: compare.origins) }
            return [.send(text, attachments: references)]
        }
    }

    mutating func requestCancel() -> [AppIntent] {
        state.reply.cancelRequested = true
        return [.cancelReply]
    }

    /// Clears the input, keeping what it held as the newest history entry.
    mutating func setDraftAside() {
        let draft = state.composer.input.string
        if !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, state.composer.history.last != draft { state.composer.history.append(draft) }
        state.composer.historyIndex = nil
        state.composer.input.clear()
        state.composer.vi?.startDraft()
    }

    mutating func handleEditing(_ command: InputCommand) -> [AppIntent] {
        switch command {
        case .lineStart: state.composer.input.moveToLineStart()
        case .lineEnd: state.composer.input.moveToLineEnd()
        case .deleteToLineEnd: state.composer.input.deleteToLineEnd()
        case .deleteToLineStart: state.composer.input.deleteToLineStart()
        case .deleteWordBack: state.composer.input.deleteWordBack()
        case .wordLeft: state.composer.input.moveWordLeft()
        case .wordRight: state.composer.input.moveWordRight()
        case .deleteForwardOrQuit:
            if state.composer.input.isEmpty && !state.reply.isReplying { return [.quit] }
            state.composer.input.deleteForward()
        case .scroll(let lines): scrollTranscript(by: lines)
        case .up:
            if !state.composer.input.moveUp() { browseHistory(older: true) }
        case .down:
            if !state.composer.input.moveDown() { browseHistory(older: false) }
        case .left: state.composer.input.moveLeft()
        case .right: state.composer.input.moveRight()
        case .backspace:
            if state.composer.input.caret == 0, !state.composer.attachments.isEmpty { removeLastAttachment() } else { state.composer.input.backspace() }
        case .delete: state.composer.input.deleteForward()
        case .tab:
            if let completed = SlashCompletion.completed(state.composer.input.string, in: state) {
                state.composer.input = InputBuffer(completed)
                return []
            }
            if let intents = completeMention() { return intents }
            state.composer.input.insert("    ")
        case .type(let character):
            state.composer.input.insert(String(character))
            state.composer.historyIndex = nil
        }
        return []
    }

    mutating func browseHistory(older: Bool) {
        guard !state.composer.history.isEmpty else { return }
        if older {
            if state.composer.historyIndex == nil {
                state.composer.draftBeforeHistory = state.composer.input.string
                state.composer.historyIndex = state.composer.history.count - 1
            } else if let index = state.composer.historyIndex, index > 0 {
                state.composer.historyIndex = index - 1
            }
        } else {
            guard let index = state.composer.historyIndex else { return }
            state.composer.historyIndex = index + 1 < state.composer.history.count ? index + 1 : nil
        }
        state.composer.input = InputBuffer(state.composer.historyIndex.map { state.composer.history[$0] } ?? state.composer.draftBeforeHistory)
    }
}
