/// Which provider and model a run uses when the person did not pick in the UI (SPEC 1): flags, then
/// NATTER_*, then GOOSE_*, then what was used last, then the first provider whose key is set, then Ollama.
public struct ProviderSelection: Sendable, Hashable {
    public var provider: String
    /// nil: the provider's preferred model, or the first one discovery finds.
    public var model: String?

    public init(provider: String, model: String?) {
        self.provider = provider
        self.model = model
    }

    /// True when nothing chose a provider (no flag, variable, remembered choice or key): the Ollama on
    /// localhost natter falls back to. What a first run with nothing set up gets, and is told about.
    public static func isFallback(
        flagProvider: String?, environment: [String: String], settings: Settings, registry: ProviderRegistry
    ) -> Bool {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let chosen = flagProvider ?? nonEmpty("NATTER_PROVIDER") ?? nonEmpty("GOOSE_PROVIDER")
            ?? settings.lastProvider.flatMap { registry.entry(named: $0) == nil ? nil : $0 }
        return chosen == nil && !registry.entries.contains { $0.needsCredentials && $0.status(environment: environment) == .ready }
    }

    public static func resolve(
        flagProvider: String?, flagModel: String?, environment: [String: String], settings: Settings,
        registry: ProviderRegistry
    ) -> ProviderSelection {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let levels: [(provider: String?, model: String?)] = [
            (flagProvider, flagModel),
            (nonEmpty("NATTER_PROVIDER"), nonEmpty("NATTER_MODEL")),
            (nonEmpty("GOOSE_PROVIDER"), nonEmpty("GOOSE_MODEL")),
            (settings.lastProvider.flatMap { registry.entry(named: $0) == nil ? nil : $0 }, settings.lastModel),
        ]
        let provider =
            levels.lazy.compactMap(\.provider).first
            ?? registry.entries.first { $0.needsCredentials && $0.status(environment: environment) == .ready }?.name
            ?? "ollama"
        // A model only counts at a level that names no provider, or names this one: NATTER_MODEL meant for
        // another provider must not be sent to the one a flag chose.
        let model = levels.first { level in
            level.model != nil && (level.provider == nil || level.provider == provider)
        }?.model
        return ProviderSelection(provider: provider, model: model)
    }
}
