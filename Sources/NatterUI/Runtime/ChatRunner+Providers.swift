import NatterProviders

/// What the picker knows of the providers, asked in the background: discovered model lists and the local
/// servers' probe.
extension ChatRunner {
    /// Asks each usable provider that can list its models, once per run, in the background: the picker
    /// shows the file's list at once and the discovered one when (if) it arrives.
    func discoverModels() {
        let environment = context.environment()
        for entry in registry.entries where entry.status(environment: environment) == .ready && !discovered.contains(entry.name) {
            guard entry.definition?.dynamicModels ?? true else { continue }
            discovered.insert(entry.name)
            guard let provider = try? registry.provider(named: entry.name, context: context) else { continue }
            let inbox = self.inbox
            let name = entry.name
            Task {
                let models = try? await withThrowingTaskGroup(of: [ModelInfo].self) { group in
                    group.addTask { try await provider.listModels() }
                    group.addTask {
                        try await Task.sleep(for: .seconds(8))
                        throw CancellationError()
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? []
                }
                if let models, !models.isEmpty { inbox.post(.app(.modelsDiscovered(provider: name, models: models))) }
            }
        }
    }

    /// Asks the built-in local servers whether they run (SPEC 15), off the UI thread, all at once, with short
    /// limits: the picker then says which run (with their models) and which do not, and a first run uses the one
    /// that does. After the first frame, which never waits for it.
    func probeLocalServers() {
        let (registry, environment, inbox) = (self.registry, context.environment(), self.inbox)
        Task { inbox.post(.app(.localServers(await LocalServerProbe.probe(registry: registry, environment: environment)))) }
    }

    /// The current provider's models as the picker knows them (its file's and discovery's): the session
    /// decides what may be sent images by the same knowledge.
    func knownModels() -> (provider: String, models: [ModelInfo]) {
        let name = app.state.setup.providerName
        return (name, app.state.setup.providers.first { $0.name == name }?.models ?? [])
    }
}
