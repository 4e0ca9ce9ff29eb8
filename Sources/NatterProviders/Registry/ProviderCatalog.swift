import Foundation

/// Builds the registry natter starts with: the built-in catalogue shipped as JSON resources, then the
/// user's files (natter's folder first, goose's after), a user file replacing a built-in of the same name.
public enum ProviderCatalog {
    /// The order providers are listed in, and tried in when choosing the first with credentials present.
    static let preferredOrder = [
        "openai", "anthropic", "gemini", "openrouter", "ollama", "groq", "mistral", "deepseek", "xai", "together",
        "fireworks", "cerebras", "perplexity", "azure-openai",
    ]

    public static func load(paths: NatterPaths) -> ProviderRegistry {
        var registry = builtins()
        var seen = Set<String>()
        for directory in paths.providerDirectories {
            for (path, result) in readDirectory(directory) {
                switch result {
                case .success(let definition):
                    // natter's own folder comes first: a goose file does not replace a natter file.
                    guard seen.insert(definition.name).inserted else { continue }
                    registry.register(definition, origin: .file(path: path))
                case .failure(let problem):
                    registry.record(problem)
                }
            }
        }
        return registry
    }

    /// The built-in catalogue alone.
    public static func builtins() -> ProviderRegistry {
        var registry = ProviderRegistry()
        guard let directory = ResourceFolder.path(target: "NatterProviders", subfolder: "BuiltinProviders", fallback: { Bundle.module.resourceURL }) else {
            registry.record(ProviderFileError(path: "BuiltinProviders", key: nil, problem: "built-in providers not found"))
            return registry
        }
        let loaded = readDirectory(directory)
        let rank = Dictionary(uniqueKeysWithValues: preferredOrder.enumerated().map { ($1, $0) })
        let definitions = loaded.compactMap { try? $0.1.get() }.sorted {
            (rank[$0.name] ?? Int.max, $0.name) < (rank[$1.name] ?? Int.max, $1.name)
        }
        for definition in definitions { registry.register(definition, origin: .builtin) }
        for case (_, .failure(let problem)) in loaded { registry.record(problem) }
        return registry
    }

    /// Every `*.json` file in a folder, read and checked, in name order. A missing folder is simply empty.
    static func readDirectory(_ directory: String) -> [(String, Result<ProviderDefinition, ProviderFileError>)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            let path = directory + "/" + name
            return (path, readFile(path))
        }
    }

    public static func readFile(_ path: String) -> Result<ProviderDefinition, ProviderFileError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ProviderFileError(path: path, key: nil, problem: "cannot be read"))
        }
        do {
            return .success(try ProviderFileParser(path: path).parse(data))
        } catch {
            return .failure(error)
        }
    }
}
