extension RolesOverlay {
    /// Ctrl+X, role: the roles of `<config>/roles`, `selected` the highlighted one.
    struct Model: OverlayModel {
        let selected: Int

        var keyContext: KeyContext { .roles }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { RolesOverlay.bindings }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch RolesOverlay.update(selected: selected, count: app.state.setup.roles.count, command) {
            case .highlight(let row): app.state.overlay = .roles(selected: row)
            case .back: app.state.overlay = .settings(selected: SettingsRow.role.rawValue)
            case .use(let index): return app.useRole(app.state.setup.roles[index])
            }
            return []
        }

        func view(of state: AppState) -> any View { RolesOverlay(state: state, selected: selected) }
    }
}
