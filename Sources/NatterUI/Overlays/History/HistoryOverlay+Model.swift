extension HistoryOverlay {
    /// F3 open.
    struct Model: OverlayModel {
        let search: HistorySearchState

        var keyContext: KeyContext { .history }

        var typedText: TypedText { .intoField }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { HistoryOverlay.bindings(keymap) }

        func typing(_ text: String) -> Command? { .type(text) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch HistoryOverlay.update(search, command) {
            case .close:
                app.state.overlay = nil
                return [.cancelTypedHistory]
            case .show(let next):
                app.state.overlay = .history(next)
                return []
            case .choose(let text):
                app.state.overlay = nil
                app.state.composer.input = InputBuffer(text)
                return [.cancelTypedHistory]
            }
        }

        func view(of state: AppState) -> any View { HistoryOverlay(search: search, keymap: state.display.keymap) }
    }
}
