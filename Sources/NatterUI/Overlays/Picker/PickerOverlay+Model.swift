extension PickerOverlay {
    /// Ctrl+P open: providers and models, filtered as typed; marking models for compare when `marked` is set.
    struct Model: OverlayModel {
        let picker: PickerState

        var keyContext: KeyContext { picker.marked == nil ? .picker : .comparePicker }

        var typedText: TypedText { .intoField }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { PickerOverlay.bindings(keymap, marking: picker.marked != nil) }

        func typing(_ text: String) -> Command? { .type(text) }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] { app.handlePicker(command, picker) }

        func view(of state: AppState) -> any View { PickerOverlay(state: state, picker: picker) }
    }
}
