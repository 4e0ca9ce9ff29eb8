extension PaletteOverlay {
    /// Ctrl+K open.
    struct Model: OverlayModel {
        let palette: PaletteState

        var keyContext: KeyContext { .palette }

        var typedText: TypedText { .intoField }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { PaletteOverlay.bindings(keymap) }

        func typing(_ text: String) -> Command? { .type(text) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch PaletteOverlay.update(palette, command) {
            case .close:
                app.state.overlay = nil
                return []
            case .show(let next):
                app.state.overlay = .palette(next)
                return []
            case .run(let action):
                // As if its key were pressed in the chat, the palette out of the way first.
                app.state.overlay = nil
                return app.perform(action)
            }
        }

        func view(of state: AppState) -> any View { PaletteOverlay(palette: palette, keymap: state.display.keymap) }
    }
}
