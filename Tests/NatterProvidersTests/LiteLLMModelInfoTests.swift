import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// A LiteLLM proxy lists model names in `/v1/models`; what each can take is in its `/v1/model/info`.
@Suite struct LiteLLMModelInfoTests {
    @Test func contextWindowsAndCapabilitiesComeFromModelInfo() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models": return .json(#"{"data":[{"id":"gpt-4o"},{"id":"local-llama"}],"object":"list"}"#)
            case "/v1/model/info":
                return .json(#"{"data":[{"model_name":"gpt-4o","model_info":{"max_input_tokens":128000,"supports_vision":true,"supports_function_calling":true}},{"model_name":"local-llama","model_info":{"max_input_tokens":null,"supports_function_calling":false}}]}"#)
            default: return .text("", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let definition = ProviderDefinition(name: "litellm", engine: .openai, host: server.url, models: [])
        let models = try await DeclarativeProvider(definition: definition).listModels()
        #expect(models == [
            ModelInfo(name: "gpt-4o", contextWindow: 128_000, supportsTools: true, supportsVision: true),
            ModelInfo(name: "local-llama", supportsTools: false),
        ])
    }

    @Test func withoutModelInfoTheNamesStillCome() async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.path == "/v1/models" ? .json(#"{"data":[{"id":"gpt-4o"}]}"#) : .text("", status: 404)
        }
        defer { Task { await server.stop() } }
        let definition = ProviderDefinition(name: "litellm", engine: .openai, host: server.url, models: [])
        #expect(try await DeclarativeProvider(definition: definition).listModels().map(\.name) == ["gpt-4o"])
    }
}
