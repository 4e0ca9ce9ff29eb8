/// vi's keys in the input (`"input": "vi"`): Esc leaves insert mode; in normal and visual mode a key vi knows
/// is vi's, before the chat's keys (Ctrl+R redoes rather than asking again, as in vi); the rest are the chat's.
extension App {
    /// What `key` does to vi's modes; nil when it is not vi's and the chat's keys take it.
    mutating func handleVi(_ key: Key) -> [AppIntent]? {
        guard var vi = state.composer.vi else { return nil }
        // Esc and a key typed quickly after it reach natter as one Alt+key: to a vi user that is both keys, as
        // in vim (insert mode left, or what was pending dropped, then the key's command).
        if case .alt(let character) = key {
            _ = handleVi(.escape)
            return handleVi(.character(character)) ?? []
        }
        defer { state.composer.vi = vi }
        let bindings: KeyBindings<ViCommand>
        switch vi.mode {
        case .insert:
            guard key == .escape else { return nil }
            vi.leaveInsertMode(&state.composer.input)
            return []
        case .normal: bindings = ViCommand.normalBindings
        case .visual: bindings = ViCommand.visualBindings
        }
        var found = bindings.command(for: key)
        // The character a command waits for (f's, r's), or one vi has no command for: handed over as itself, so
        // that it completes the command or drops what was pending. It types nothing: normal mode is for commands.
        if case .character(let character) = key, vi.awaitsCharacter || found == nil { found = .character(character) }
        guard let command = found else { return nil }
        let outcome = vi.perform(command, on: &state.composer.input)
        switch outcome {
        case .done:
            return []
        case .yanked(let text):
            return text.isEmpty ? [] : [.copyToClipboard(text, what: "the yanked text")]
        case .pastFirstLine, .pastLastLine:
            browseHistory(older: outcome == .pastFirstLine)
            vi.settle(&state.composer.input)
            return []
        case .refused(let reason):
            setStatus(reason, isError: true)
            return []
        case .notVi:
            // Esc with nothing pending: the chat's Esc only while there is something for it to stop. Otherwise it
            // does nothing, as in vi, where Esc is pressed out of habit: the chat's would clear the draft.
            return state.reply.isReplying || state.compare?.round != nil ? nil : []
        }
    }

    /// Text arriving at once in normal or visual mode: a paste is put before the caret, never run as commands
    /// ("please fix this" would put, move, append and type); keys typed fast are each a key. A paste is told by
    /// what fast typing never gives: a line break, a blank, or more than a few characters.
    static func isPaste(_ text: String) -> Bool {
        text.count > 8 || text.contains(where: \.isWhitespace)
    }

    mutating func pasteInNormalMode(_ text: String) {
        guard var vi = state.composer.vi else { return }
        vi.put(pasted: PastedText.normalizedNewlines(text), &state.composer.input)
        state.composer.vi = vi
    }

    /// `/set input …`'s key: not a request parameter, the way the input is edited.
    static let inputSetting = "input"

    /// `/set input vi` or `/set input emacs`: vi's modes or the shell-line keys, from now on.
    mutating func useViEditing(_ on: Bool) {
        guard on != (state.composer.vi != nil) else { return }
        state.composer.vi = on ? ViEditor() : nil
    }
}
