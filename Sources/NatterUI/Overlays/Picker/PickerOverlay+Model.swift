import NatterProviders

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

        /// Every row that can be chosen, as "provider · model" (with what stops a provider being used); a number
        /// moves to its row and uses it, or marks it while marking for compare.
        func choices(in state: AppState) -> NumberedChoices<Command>? {
            let rows = state.pickerRows
            let problems = Dictionary(state.setup.providers.map { ($0.name, $0.problem) }, uniquingKeysWith: { first, _ in first })
            let labels = rows.compactMap { row -> String? in
                switch row {
                case .provider: return nil
                case .addProvider: return "add a provider…"
                case .model(let provider, let info):
                    let marked = picker.marked?.contains(Origin(provider: provider, model: info.name)) == true ? " (marked)" : ""
                    let problem = problems[provider].flatMap { $0 }.map { ", " + $0.description } ?? ""
                    return "\(provider) · \(info.name)\(marked)\(problem)"
                }
            }
            let selected = rows.indices.filter { rows[$0].isSelectable }.firstIndex(of: picker.selected)
            return NumberedChoices(
                labels: labels, selected: selected, field: picker.filter.string, take: { .take($0) }, digitsAreNumbers: picker.filter.isEmpty)
        }
    }
}
