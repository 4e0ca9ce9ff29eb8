import Foundation
import NatterProviders

/// What every command needs first: where the files are, the registry, the remembered settings.
struct Startup {
    let environment: [String: String]
    let paths: NatterPaths
    let registry: ProviderRegistry
    let settings: Settings

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        paths = NatterPaths(environment: environment)
        registry = ProviderCatalog.load(paths: paths)
        settings = Settings.load(from: paths.settingsFile)
    }

    func selection(flags: SelectionOptions) -> ProviderSelection {
        selection(provider: flags.provider, model: flags.model)
    }

    /// The selection from the environment, the settings and the registry, with the flags' choice first.
    /// (A `SelectionOptions` made in code rather than parsed cannot be read: argument-parser traps on it.)
    func selection(provider: String? = nil, model: String? = nil) -> ProviderSelection {
        ProviderSelection.resolve(
            flagProvider: provider, flagModel: model, environment: environment, settings: settings, registry: registry)
    }
}
