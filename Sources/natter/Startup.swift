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
        ProviderSelection.resolve(
            flagProvider: flags.provider, flagModel: flags.model, environment: environment, settings: settings,
            registry: registry)
    }
}
