extension HelpOverlay {
    /// F1 open, scrolled to `top`.
    struct Model: OverlayModel {
        let top: Int

        var keyContext: KeyContext { .help }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { HelpOverlay.bindings(keymap) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            let count = HelpOverlay.lines(app.state.display.keymap, mode: app.state.display.screenMode).count
            app.state.overlay = HelpOverlay.update(top: top, command, lineCount: count).map { .help(top: $0) }
            return []
        }

        func view(of state: AppState) -> any View { HelpOverlay(keymap: state.display.keymap, mode: state.display.screenMode, top: top) }
    }
}
