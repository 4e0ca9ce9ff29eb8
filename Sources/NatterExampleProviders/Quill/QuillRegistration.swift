import NatterProviders

extension QuillProvider {
    /// What the registry, `natter providers` and the picker show before any request is made.
    public static let metadata = ProviderMetadata(
        name: "quill", displayName: "Quill", engine: "quill", host: "${QUILL_HOST:-http://localhost:7070}",
        models: [ModelInfo(name: "quill-small", contextWindow: 4096, supportsTools: false)])

    /// Adds Quill to a registry by name. `requiredVariables` lets the registry say "missing QUILL_API_KEY"
    /// instead of failing at the first request; the factory gets each caller's context (environment, HTTP).
    public static func register(in registry: inout ProviderRegistry) {
        registry.register(metadata, requiredVariables: ["QUILL_API_KEY"]) { context in
            QuillProvider(context: context)
        }
    }
}
