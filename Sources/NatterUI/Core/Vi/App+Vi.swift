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
        guard let command = bindings.command(for: key) else {
            // A letter vi has no command for types nothing: normal mode is for commands.
            if case .character = key { return [] }
            return nil
        }
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
        case .notVi:
            return nil
        }
    }

    /// `/set input …`'s key: not a request parameter, the way the input is edited.
    static let inputSetting = "input"

    /// `/set input vi` or `/set input emacs`: vi's modes or the shell-line keys, from now on.
    mutating func useViEditing(_ on: Bool) {
        guard on != (state.composer.vi != nil) else { return }
        state.composer.vi = on ? ViEditor() : nil
    }
}
