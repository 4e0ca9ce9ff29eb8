import NatterProviders
import NatterSession

/// Message selection (Alt+↑) and the branch tree (Ctrl+B): choosing a message of the conversation and acting
/// on it, as SPEC 6 lists: edit it, ask again, its siblings, copy it or one of its code blocks.
extension App {
    /// Alt+↑: the newest message is selected and the view follows it.
    mutating func enterSelection() {
        guard let last = state.pane.entries.last(where: { $0.isMessageHead && !$0.isStreaming })?.messageID else {
            setStatus("no message to select yet", isError: false)
            return
        }
        select(last)
    }

    mutating func select(_ id: String?) {
        if let old = state.pane.selection, let index = state.pane.entries.firstIndex(where: { $0.messageID == old }) {
            state.pane.entries[index].isSelected = false
            state.pane.entries[index].revision += 1
        }
        state.pane.selection = id
        guard let id, let index = state.pane.entries.firstIndex(where: { $0.messageID == id }) else { return }
        state.pane.entries[index].isSelected = true
        state.pane.entries[index].revision += 1
        state.pane.scroll = layout.normalized(.held(entry: index, line: 0), entries: state.pane.entries, width: viewport.width, height: viewport.height)
        setStatus(selectionHint(for: state.pane.entries[index]), isError: false)
    }

    /// The selection's keys that apply to this message: its versions only with siblings, code only with blocks.
    private mutating func selectionHint(for entry: TranscriptEntry) -> String {
        let blocks = CodeBlocks.extract(entry.text).count
        return SelectionCommand.bindings(state.display.keymap).hints { command in
            switch command {
            case .sibling: return entry.siblings != nil
            case .copyBlock: return blocks > 0
            case .fold: return entry.kind == .tool
            case .move, .leave, .edit, .askAgain, .copy, .scroll, .page, .help, .tree, .command: return true
            }
        }
    }

    mutating func handleSelectionKey(_ key: Key, _ selected: String) -> [AppIntent] {
        guard state.pane.entries.contains(where: { $0.messageID == selected && $0.isMessageHead && !$0.isStreaming }) else {
            select(nil)
            return handleMain(key)
        }
        if let command = SelectionCommand.bindings(state.display.keymap).command(for: key) { return handleSelection(command, selected) }
        // A key that is no command here leaves the selection and means what it means in the chat: typing goes
        // into the input, Ctrl+D on an empty input quits (it was once ignored until another key came).
        select(nil)
        state.status.text = nil
        return handleMain(key)
    }

    mutating func handleSelection(_ command: SelectionCommand, _ selected: String) -> [AppIntent] {
        let messages = state.pane.entries.indices.filter { state.pane.entries[$0].isMessageHead && !state.pane.entries[$0].isStreaming }
        guard let position = messages.firstIndex(where: { state.pane.entries[$0].messageID == selected }) else {
            select(nil)
            return []
        }
        let entry = state.pane.entries[messages[position]]
        switch command {
        case .move(let step):
            let next = position + step
            select(messages.indices.contains(next) ? state.pane.entries[messages[next]].messageID : selected)
        case .leave:
            select(nil)
            state.status.text = nil
        case .sibling(let offset):
            guard !refusedWhileReplying(), let sibling = state.conversation.sibling(of: selected, offset: offset) else { return [] }
            // Shown at once from the UI's own copy of the tree; the session saves the choice.
            state.conversation.activate(sibling)
            state.pane.selection = sibling
            reproject()
            select(sibling)
            return [.activate(sibling)]
        case .edit:
            guard !refusedWhileReplying(), let message = state.conversation[selected] else { return [] }
            return startEditing(message)
        case .askAgain:
            guard !refusedWhileReplying() else { return [] }
            select(nil)
            state.pane.scroll = .following
            return [.askAgain(selected)]
        case .fold:
            toggleFolding(of: selected)
        case .copy:
            return [.copyToClipboard(entry.text, what: "the message")]
        case .command:
            select(nil)
            // A draft in the input goes to the history (↑ brings it back) rather than under the command.
            if !state.composer.input.isEmpty { setDraftAside() }
            state.composer.quoted = entry.text
            state.composer.input = InputBuffer("/")
            setStatus("a /template typed now takes the selected message as {{selection}}", isError: false)
        case .copyBlock(let number):
            let blocks = CodeBlocks.extract(entry.text)
            guard blocks.indices.contains(number - 1) else {
                setStatus(blocks.isEmpty ? "this message has no code block" : "this message has \(blocks.count) code block\(blocks.count == 1 ? "" : "s")", isError: false)
                return []
            }
            return [.copyToClipboard(blocks[number - 1], what: "code block \(number)")]
        case .scroll(let lines):
            scrollTranscript(by: lines)
        case .page(let pages):
            scrollTranscript(by: pages * (viewport.height - 1))
        case .help:
            state.overlay = .help(top: 0)
        case .tree:
            openTree()
        }
        return []
    }

    private mutating func refusedWhileReplying() -> Bool {
        guard state.reply.isReplying else { return false }
        setStatus("a reply is still streaming: \(state.display.keymap.shortLabel(.cancel)) cancels it", isError: true)
        return true
    }

    /// `e`: the person's message comes back into the input, to be sent as a new branch; a reply's text
    /// comes into the input to be saved as a new version of it.
    private mutating func startEditing(_ message: Message) -> [AppIntent] {
        select(nil)
        switch message.role {
        case .user:
            state.composer.editing = .message(message.id)
            setStatus("editing your message: \(state.display.keymap.shortLabel(.send)) sends it as a new branch (the old one stays) · \(state.display.keymap.shortLabel(.cancel)) drops the edit", isError: false)
        case .assistant:
            state.composer.editing = .reply(message.id)
            setStatus("editing the reply: \(state.display.keymap.shortLabel(.send)) saves it as a new version, no model asked · \(state.display.keymap.shortLabel(.cancel)) drops the edit", isError: false)
        case .system, .tool:
            setStatus("only your messages and replies can be edited", isError: false)
            return []
        }
        state.composer.input = InputBuffer(message.text)
        // The edited message keeps its files unless they are taken off.
        state.composer.attachments = message.attachments.map { reference in
            defer { state.composer.nextAttachmentID += 1 }
            return PendingAttachment(id: state.composer.nextAttachmentID, path: reference.name, state: .ready(reference))
        }
        return []
    }

    // MARK: the tree

    mutating func openTree() {
        let rows = state.conversation.rows()
        guard !rows.isEmpty else {
            setStatus("nothing in this conversation yet", isError: false)
            return
        }
        let selected = rows.lastIndex(where: \.isActiveLeaf) ?? rows.count - 1
        state.overlay = .tree(TreeState(rows: rows, selected: selected))
    }

    /// The branch through `id` in the chat (Enter in Ctrl+B), scrolled to it.
    mutating func showBranch(through id: String) -> [AppIntent] {
        guard !refusedWhileReplying() else { return [] }
        state.conversation.activate(id)
        reproject()
        state.pane.scroll = .following
        if let index = state.pane.entries.firstIndex(where: { $0.messageID == id }) {
            state.pane.scroll = layout.normalized(.held(entry: index, line: 0), entries: state.pane.entries, width: viewport.width, height: viewport.height)
        }
        return [.activate(id)]
    }
}
