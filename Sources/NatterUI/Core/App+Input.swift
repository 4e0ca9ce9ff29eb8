import NatterProviders

/// The input line: sending it, the shell-line editing keys, clearing a draft into history and browsing it.
extension App {
    /// - Parameter files: which of the `@` words' paths name files, once the disk has said (`.filesLookedUp`).
    mutating func sendInput(files: Set<String>? = nil) -> [AppIntent] {
        guard !state.isReplying else {
            setStatus("a reply is still streaming: \(state.keymap.shortLabel(.cancel)) cancels it", isError: true)
            return []
        }
        // `@path` words of files become chips first (not in a reply being edited: its text is the model's);
        // the message goes when every chip is read. Which words name files is asked of the disk first.
        var editingReply = false
        if case .reply? = state.editing { editingReply = true }
        let paths = editingReply ? [] : AttachmentPath.mentionedPaths(in: state.input.text, directory: state.workingDirectory)
        if files == nil, !paths.isEmpty { return [.lookUpFiles(paths, for: .send)] }
        let reading = editingReply ? [] : attachMentionedFiles(files ?? [])
        let text = state.input.string
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !state.attachments.isEmpty else { return reading }
        guard !state.model.isEmpty else {
            // The message waits in the input and goes as soon as a model is picked.
            setStatus("no model chosen yet: pick one and the message is sent", isError: true)
            state.sendAfterPick = true
            openPicker()
            return reading + [.discoverModels]
        }
        let unread = state.attachments.filter { $0.reference == nil }
        if !unread.isEmpty {
            state.sendWhenAttached = true
            setStatus("reading \(unread.map(\.name).joined(separator: ", "))…: the message goes when it is read", isError: false)
            return reading
        }
        let references = state.attachments.compactMap(\.reference)
        if editingReply, !references.isEmpty {
            setStatus("a reply's text is edited alone: \(state.keymap.shortLabel(.cancel)) takes the attachments off", isError: true)
            return reading
        }
        if let refusal = imageRefusal(references) {
            setStatus(
                "not sent: \(refusal) · \(state.keymap.shortLabel(.picker)) picks a model that does, Backspace at the start of the input takes the last chip off",
                isError: true)
            return reading
        }
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, state.history.last != text { state.history.append(text) }
        state.historyIndex = nil
        state.input.clear()
        state.attachments = []
        state.scroll = .following
        state.status = nil
        switch state.editing {
        case .message(let id)?:
            state.editing = nil
            return [.sendEdited(text, replacing: id, attachments: references)]
        case .reply(let id)?:
            state.editing = nil
            return [.reviseReply(id, text: text)]
        case nil:
            if let compare = state.compare { return sendCompared(text, attachments: references, to: compare.origins) }
            return [.send(text, attachments: references)]
        }
    }

    mutating func requestCancel() -> [AppIntent] {
        state.cancelRequested = true
        return [.cancelReply]
    }

    /// Clears the input, keeping what it held as the newest history entry.
    mutating func setDraftAside() {
        let draft = state.input.string
        if !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, state.history.last != draft { state.history.append(draft) }
        state.historyIndex = nil
        state.input.clear()
    }

    mutating func handleEditing(_ command: InputCommand) -> [AppIntent] {
        switch command {
        case .lineStart: state.input.moveToLineStart()
        case .lineEnd: state.input.moveToLineEnd()
        case .deleteToLineEnd: state.input.deleteToLineEnd()
        case .deleteToLineStart: state.input.deleteToLineStart()
        case .deleteWordBack: state.input.deleteWordBack()
        case .wordLeft: state.input.moveWordLeft()
        case .wordRight: state.input.moveWordRight()
        case .deleteForwardOrQuit:
            if state.input.isEmpty && !state.isReplying { return [.quit] }
            state.input.deleteForward()
        case .scroll(let lines): scrollTranscript(by: lines)
        case .up:
            if !state.input.moveUp() { browseHistory(older: true) }
        case .down:
            if !state.input.moveDown() { browseHistory(older: false) }
        case .left: state.input.moveLeft()
        case .right: state.input.moveRight()
        case .backspace:
            if state.input.caret == 0, !state.attachments.isEmpty { removeLastAttachment() } else { state.input.backspace() }
        case .delete: state.input.deleteForward()
        case .tab:
            if let intents = completeMention() { return intents }
            state.input.insert("    ")
        case .type(let character):
            state.input.insert(String(character))
            state.historyIndex = nil
        }
        return []
    }

    mutating func browseHistory(older: Bool) {
        guard !state.history.isEmpty else { return }
        if older {
            if state.historyIndex == nil {
                state.draftBeforeHistory = state.input.string
                state.historyIndex = state.history.count - 1
            } else if let index = state.historyIndex, index > 0 {
                state.historyIndex = index - 1
            }
        } else {
            guard let index = state.historyIndex else { return }
            state.historyIndex = index + 1 < state.history.count ? index + 1 : nil
        }
        state.input = InputBuffer(state.historyIndex.map { state.history[$0] } ?? state.draftBeforeHistory)
    }
}
