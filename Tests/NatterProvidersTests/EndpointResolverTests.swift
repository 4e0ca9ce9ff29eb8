import Testing

@testable import NatterProviders

@Suite struct EndpointResolverTests {
    @Test(arguments: [
        ("https://api.example.com", "https://api.example.com/v1/chat/completions", "https://api.example.com/v1/models"),
        ("https://api.example.com/", "https://api.example.com/v1/chat/completions", "https://api.example.com/v1/models"),
        ("https://api.example.com/v1", "https://api.example.com/v1/chat/completions", "https://api.example.com/v1/models"),
        ("https://api.example.com/v1/", "https://api.example.com/v1/chat/completions", "https://api.example.com/v1/models"),
        ("https://api.groq.com/openai/v1", "https://api.groq.com/openai/v1/chat/completions", "https://api.groq.com/openai/v1/models"),
        ("https://api.mistral.ai/v1/chat/completions", "https://api.mistral.ai/v1/chat/completions", "https://api.mistral.ai/v1/models"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions", "http://127.0.0.1:8080/v1/models"),
    ])
    func openAI(host: String, chat: String, models: String) {
        #expect(EndpointResolver.chatURL(engine: .openai, host: host) == chat)
        #expect(EndpointResolver.modelsURL(engine: .openai, host: host) == models)
    }

    @Test func anthropic() {
        #expect(EndpointResolver.chatURL(engine: .anthropic, host: "https://api.anthropic.com") == "https://api.anthropic.com/v1/messages")
        #expect(EndpointResolver.chatURL(engine: .anthropic, host: "https://api.anthropic.com/v1") == "https://api.anthropic.com/v1/messages")
        #expect(EndpointResolver.modelsURL(engine: .anthropic, host: "https://x.test/") == "https://x.test/v1/models?limit=1000")
    }

    @Test func ollama() {
        #expect(EndpointResolver.chatURL(engine: .ollama, host: "http://localhost:11434/") == "http://localhost:11434/api/chat")
        #expect(EndpointResolver.modelsURL(engine: .ollama, host: "http://localhost:11434") == "http://localhost:11434/api/tags")
        // Ollama's own OLLAMA_HOST has no scheme
        #expect(EndpointResolver.chatURL(engine: .ollama, host: "0.0.0.0:11434") == "http://0.0.0.0:11434/api/chat")
    }

    @Test func queryParametersAreEncodedAndAppended() {
        #expect(EndpointResolver.appendingQuery([("key", "a b&c=d")], to: "https://x/v1") == "https://x/v1?key=a%20b%26c%3Dd")
        #expect(EndpointResolver.appendingQuery([("api-version", "2024-10-21")], to: "https://x/v1?a=1") == "https://x/v1?a=1&api-version=2024-10-21")
    }
}
