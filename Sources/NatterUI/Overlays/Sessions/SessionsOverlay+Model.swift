extension SessionsOverlay {
    /// Ctrl+S open: the saved sessions, or a search across them.
    struct Model: OverlayModel {
        let browser: BrowserState

        var keyContext: KeyContext {
            switch browser.mode {
            case .list: return .sessions
            case .search: return .search
            }
        }

        var typedText: TypedText { .intoField }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { SessionsOverlay.bindings(keymap, mode: browser.mode) }

        func typing(_ text: String) -> Command? { .type(text) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] { app.applyBrowser(SessionsOverlay.update(browser, command)) }

        func view(of state: AppState) -> any View { SessionsOverlay(browser: browser, prompt: state.prompt, keymap: state.display.keymap) }
    }
}
