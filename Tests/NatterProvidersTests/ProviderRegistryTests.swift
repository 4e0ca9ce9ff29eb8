import Foundation
import Testing

@testable import NatterProviders

@Suite struct ProviderRegistryTests {
    @Test func theBuiltInCatalogueHasTheRequiredProvidersAndNoBadFile() {
        let registry = ProviderCatalog.builtins()
        #expect(registry.problems.isEmpty, "\(registry.problems)")
        #expect(registry.entries.count >= 25)
        let required = [
            "openai", "anthropic", "ollama", "openrouter", "groq", "together", "mistral", "deepseek", "xai", "fireworks",
            "cerebras", "perplexity", "gemini", "azure-openai", "lmstudio", "llamacpp", "vllm", "litellm",
        ]
        for name in required { #expect(registry.entry(named: name) != nil, "missing built-in \(name)") }
        // Cloud providers list models with context windows; every entry has a real host.
        for entry in registry.entries {
            #expect(entry.metadata.host.contains("://"), "\(entry.name)")
            if entry.needsCredentials && entry.name != "azure-openai" && entry.name != "litellm" {
                #expect(!entry.metadata.models.isEmpty, "\(entry.name) lists no models")
                #expect(entry.metadata.models.allSatisfy { $0.contextWindow != nil }, "\(entry.name)")
            }
        }
    }

    /// Prices are filled in where a public price table had them (README: where they come from); a local
    /// server or a router priced per backend has none, and shows none.
    @Test func theBuiltInCloudModelsArePriced() throws {
        let registry = ProviderCatalog.builtins()
        for name in ["openai", "anthropic", "gemini", "mistral", "groq", "xai", "zai", "cohere", "dashscope", "moonshot", "perplexity"] {
            let models = try #require(registry.entry(named: name)).metadata.models
            #expect(models.allSatisfy { $0.cost != nil }, "\(name): \(models.filter { $0.cost == nil }.map(\.name))")
        }
        let sonnet = registry.entry(named: "anthropic")?.metadata.models.first { $0.name == "claude-sonnet-4-6" }
        #expect(sonnet?.cost == ModelCost(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75))
        for name in ["ollama", "lmstudio", "llamacpp", "vllm", "huggingface", "nvidia"] {
            #expect(try #require(registry.entry(named: name)).metadata.models.allSatisfy { $0.cost == nil }, "\(name)")
        }
    }

    @Test func statusSaysWhichVariableIsMissing() throws {
        let registry = ProviderCatalog.builtins()
        let openai = try #require(registry.entry(named: "openai"))
        #expect(openai.status(environment: [:]) == .missing(["OPENAI_API_KEY"]))
        #expect(openai.status(environment: ["OPENAI_API_KEY": "sk"]) == .ready)
        #expect(registry.entry(named: "ollama")?.status(environment: [:]) == .ready)
        #expect(throws: ProviderError.self) { try registry.provider(named: "openai", context: ProviderContext(environment: { [:] })) }
    }

    @Test func userFilesOverrideBuiltInsAndABadFileHidesNothing() throws {
        let home = try TestFiles.scratchDirectory()
        defer { TestFiles.remove(home) }
        let config = home + "/natter"
        try TestFiles.write(#"{"name":"openai","engine":"openai","host":"http://127.0.0.1:9/v1","models":[{"name":"local"}]}"#,
            to: config + "/providers/openai.json")
        try TestFiles.write(#"{"name":"broken","engine":"openai""#, to: config + "/providers/broken.json")
        try TestFiles.write(#"{"name":"mine","engine":"ollama","host":"http://127.0.0.1:9","models":[]}"#,
            to: config + "/providers/mine.json")
        // goose's folder is read after natter's: its "mine" does not replace natter's, its "extra" is added.
        try TestFiles.write(#"{"name":"mine","engine":"openai","base_url":"http://other","models":[]}"#,
            to: home + "/.config/goose/custom_providers/mine.json")
        try TestFiles.write(#"{"name":"extra","engine":"openai","base_url":"http://127.0.0.1:9","api_key_env":"X","models":[]}"#,
            to: home + "/.config/goose/providers/extra.json")

        let registry = ProviderCatalog.load(paths: NatterPaths(environment: ["HOME": home, "NATTER_CONFIG_DIR": config]))
        #expect(registry.entry(named: "openai")?.metadata.host == "http://127.0.0.1:9/v1")
        #expect(registry.entry(named: "openai")?.origin == .file(path: config + "/providers/openai.json"))
        #expect(registry.entry(named: "mine")?.metadata.engine == "ollama")
        #expect(registry.entry(named: "extra") != nil)
        #expect(registry.entry(named: "anthropic") != nil)
        #expect(registry.problems.map(\.path) == [config + "/providers/broken.json"])
        #expect(registry.entries.count == ProviderCatalog.builtins().entries.count + 2)
    }

    @Test func selectionFollowsThePrecedenceOfFlagsEnvironmentSettingsAndKeys() {
        let registry = ProviderCatalog.builtins()
        func pick(_ flags: (String?, String?) = (nil, nil), _ environment: [String: String] = [:], _ settings: Settings = Settings()) -> ProviderSelection {
            ProviderSelection.resolve(flagProvider: flags.0, flagModel: flags.1, environment: environment, settings: settings, registry: registry)
        }
        let environment = ["NATTER_PROVIDER": "groq", "NATTER_MODEL": "g-model", "GOOSE_PROVIDER": "mistral", "GOOSE_MODEL": "m-model"]
        #expect(pick(("openai", "gpt-x"), environment) == ProviderSelection(provider: "openai", model: "gpt-x"))
        // NATTER_MODEL belongs to NATTER_PROVIDER, not to the provider a flag chose
        #expect(pick(("openai", nil), environment) == ProviderSelection(provider: "openai", model: nil))
        #expect(pick((nil, nil), environment) == ProviderSelection(provider: "groq", model: "g-model"))
        #expect(pick((nil, nil), ["GOOSE_PROVIDER": "mistral", "GOOSE_MODEL": "m-model"]) == ProviderSelection(provider: "mistral", model: "m-model"))
        #expect(pick((nil, nil), [:], Settings(lastProvider: "deepseek", lastModel: "deepseek-chat")) == ProviderSelection(provider: "deepseek", model: "deepseek-chat"))
        #expect(pick((nil, nil), ["ANTHROPIC_API_KEY": "k"]).provider == "anthropic")
        #expect(pick((nil, nil), [:]).provider == "ollama")
    }
}
