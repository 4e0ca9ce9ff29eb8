import NatterProviders

/// Ctrl+P: the picker's keys, where it opens, and what a provider that cannot be used yet says.
extension App {
    mutating func handlePicker(_ command: PickerOverlay.Command, _ current: PickerState) -> [AppIntent] {
        var picker = current
        switch PickerOverlay.update(current, rows: state.pickerRows, command) {
        case .close:
            state.overlay = nil
            state.composer.sendAfterPick = false
        case .highlight(let row):
            picker.selected = row
            setPicker(picker, filterChanged: false)
        case .filter(let filter):
            picker.filter = filter
            setPicker(picker, filterChanged: true)
        case .toggleMark(let row):
            if let row { picker.selected = row }
            toggleMark(picker)
        case .confirmMarks:
            confirmMarks(picker.marked ?? [])
        case .addProvider:
            // The picker stays open: the new provider is in it when the questions are done.
            return [.runNatter(["configure", "add"])]
        case .choose(let provider, let model):
            if let problem = state.setup.providers.first(where: { $0.name == provider })?.problem {
                // An OAuth provider without a token signs in here, its code or browser shown as `natter login` shows it.
                if problem == .needsLogin { return [.runNatter(["login", provider])] }
                setStatus(problem.howToFix(provider: provider), isError: true)
                return []
            }
            state.overlay = nil
            let switched = AppIntent.switchTo(provider: provider, model: model)
            guard state.composer.sendAfterPick else { return [switched] }
            state.composer.sendAfterPick = false
            state.setup.model = model
            state.setup.providerName = provider
            return [switched] + sendInput()
        }
        return []
    }

    /// Stores the picker, keeping the selection on a model row; a new filter selects its first match.
    mutating func setPicker(_ picker: PickerState, filterChanged: Bool) {
        var picker = picker
        state.overlay = .picker(picker)
        let rows = state.pickerRows
        if filterChanged {
            picker.selected = firstReadyRow() ?? firstSelectableRow()
            state.overlay = .picker(picker)
        } else if !(rows.indices.contains(picker.selected) && rows[picker.selected].isSelectable) {
            picker.selected = firstSelectableRow(from: picker.selected)
            state.overlay = .picker(picker)
        }
    }

    /// Opens on the current model; `marking` (compare's multi-select) starts with those marked.
    mutating func openPicker(marking: [Origin]? = nil) {
        state.overlay = .picker(PickerState())  // the rows are those of an open picker
        state.overlay = .picker(PickerState(selected: currentRow(), marked: marking))
    }

    /// The picker opens on the model in use, else the current provider's first model, else the first model.
    mutating func currentRow() -> Int {
        let rows = state.pickerRows
        let inUse = rows.firstIndex {
            if case .model(let provider, let info) = $0 { return provider == state.setup.providerName && info.name == state.setup.model }
            return false
        }
        let ofProvider = rows.firstIndex {
            if case .model(let provider, _) = $0 { return provider == state.setup.providerName }
            return false
        }
        return inUse ?? ofProvider ?? firstSelectableRow()
    }

    /// The first model of a provider that can be used now: filtering `gpt-4o` once highlighted Azure's, whose key
    /// was missing, and Enter on it was refused.
    mutating func firstReadyRow() -> Int? {
        let ready = Set(state.setup.providers.filter { $0.problem == nil }.map(\.name))
        return state.pickerRows.firstIndex {
            if case .model(let provider, _) = $0 { return ready.contains(provider) }
            return false
        }
    }

    mutating func firstSelectableRow(from start: Int = 0) -> Int {
        let rows = state.pickerRows
        return rows.indices.first { $0 >= start && rows[$0].isSelectable } ?? rows.indices.first { rows[$0].isSelectable } ?? 0
    }
}
