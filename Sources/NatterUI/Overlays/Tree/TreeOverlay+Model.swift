extension TreeOverlay {
    /// Ctrl+B open: every message of the conversation, the highlighted one shown with Enter.
    struct Model: OverlayModel {
        let tree: TreeState

        var keyContext: KeyContext { .tree }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { TreeOverlay.bindings(keymap) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            switch TreeOverlay.update(tree, command) {
            case .move(let moved):
                app.state.overlay = .tree(moved)
            case .close:
                app.state.overlay = nil
            case .show(let id):
                app.state.overlay = nil
                return app.showBranch(through: id)
            }
            return []
        }

        func view(of state: AppState) -> any View { TreeOverlay(tree: tree, keymap: state.display.keymap) }
    }
}
