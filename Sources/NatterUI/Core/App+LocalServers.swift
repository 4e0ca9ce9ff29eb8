import NatterProviders

/// The built-in local servers as the probe found them (SPEC 15): the picker shows each running, with the
/// models it listed, or not running with the address tried, never ready when nothing answers. When nothing
/// chose a provider, the one server running is used, and several open the picker on them.
extension App {
    mutating func applyLocalServers(_ results: [LocalServerProbe.Result]) -> [AppIntent] {
        var running: [LocalServerProbe.Result] = []
        for result in results {
            guard let index = state.setup.providers.firstIndex(where: { $0.name == result.name }) else { continue }
            let answered: ProviderProblem?
            switch result.outcome {
            case .running:
                running.append(result)
                answered = nil
                if !result.models.isEmpty { state.setup.providers[index].models = result.models }
            case .notRunning: answered = .notRunning(tried: result.address)
            case .failed(let reason): answered = .notAnswering(reason: reason, address: result.address)
            case .cannotAsk: continue  // its own problem (a missing variable) says it
            }
            // Only a server's own answer is replaced: a missing key or a broken file stays what it is.
            switch state.setup.providers[index].problem {
            case nil, .notRunning?, .notAnswering?, .checking?: state.setup.providers[index].problem = answered
            case .missing?, .needsLogin?, .invalidFile?: break
            }
        }
        guard state.setup.choosingLocalServer else { return [] }
        state.setup.choosingLocalServer = false
        let usable = running.filter { !$0.models.isEmpty }
        if usable.count == 1, let server = usable.first, let model = server.models.first {
            state.setup.providerName = server.name
            state.setup.model = model.name
            setStatus(
                "using \(server.name) · \(ModelName.short(model.name)), the local server running (\(state.display.keymap.shortLabel(.picker)) picks another)",
                isError: false)
            return [.switchTo(provider: server.name, model: model.name)]
        }
        if usable.count > 1, state.overlay == nil, let first = usable.first {
            openPicker()
            let row = state.pickerRows.firstIndex {
                if case .model(let provider, _) = $0 { return provider == first.name }
                return false
            }
            if case .picker(var picker)? = state.overlay, let row {
                picker.selected = row
                state.overlay = .picker(picker)
            }
            setStatus("\(usable.count) local servers are running: pick a model", isError: false)
        }
        return []
    }
}
