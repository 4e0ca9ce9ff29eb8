extension ThemeOverlay {
    /// Ctrl+T open, `selected` the highlighted theme of `themeNames`.
    struct Model: OverlayModel {
        let selected: Int

        var keyContext: KeyContext { .themes }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { ThemeOverlay.bindings(keymap) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch ThemeOverlay.update(selected: selected, count: app.state.display.themeNames.count, command) {
            case .highlight(let row):
                app.state.overlay = .themes(selected: row)
            case .close:
                app.state.overlay = nil
            case .choose(let row):
                app.state.overlay = nil
                app.state.display.themeName = app.state.display.themeNames[row]
                return [.applyTheme(app.state.display.themeName)]
            }
            return []
        }

        func view(of state: AppState) -> any View { ThemeOverlay(state: state, selected: selected) }
    }
}
