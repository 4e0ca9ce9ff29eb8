extension SettingsOverlay {
    /// Ctrl+X open, `selected` the highlighted `SettingsRow`.
    struct Model: OverlayModel {
        let selected: Int

        var keyContext: KeyContext { .settings }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { SettingsOverlay.bindings(keymap) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            let state = app.state
            switch SettingsOverlay.update(selected: selected, command) {
            case .highlight(let row):
                app.state.overlay = .settings(selected: row)
            case .close:
                app.state.overlay = nil
            case .openRoles:
                guard !state.setup.roles.isEmpty else {
                    app.setStatus("no roles yet: write <config>/roles/NAME.md (the system prompt, with optional front matter)", isError: false)
                    return []
                }
                app.state.overlay = .roles(selected: state.setup.roles.firstIndex { $0.name == state.setup.roleName } ?? 0)
            case .compaction:
                app.state.overlay = nil
                if state.conversation.compaction(on: state.conversation.path()) != nil { return [.undoCompaction] }
                guard !state.reply.isReplying else {
                    app.setStatus("a reply is streaming: compact after it", isError: true)
                    return []
                }
                return [.compactNow]
            case .edit(let row):
                // Asked on the input line, with the panel out of the way; it comes back after the answer.
                app.state.overlay = nil
                let value = row.value(state.setup.parameters, system: state.setup.systemPrompt)
                app.state.prompt = Prompt(kind: .setting(row), label: row.question, input: InputBuffer(value))
            case .clear(let row):
                return app.answerSetting(row, "")
            }
            return []
        }

        func view(of state: AppState) -> any View { SettingsOverlay(state: state, selected: selected) }
    }
}
