import Foundation
import Testing

@testable import NatterProviders

/// Models endpoints as real servers answer them, each engine's reader, and how a list joins the file's.
@Suite struct ModelListParsingTests {
    func parse(_ engine: Engine, _ body: String) throws(ProviderError) -> [ModelInfo] {
        try WireFormats.format(for: engine).parseModels(Data(body.utf8))
    }

    @Test func openAIAndTheServersThatCopyIt() throws {
        // Groq says context_window, OpenRouter and Moonshot context_length, Mistral max_context_length and
        // capabilities; a float count and an unknown field must not lose the entry.
        let models = try parse(.openai, """
            {"object":"list","data":[
              {"id":"llama-3.1-8b-instant","object":"model","context_window":131072,"active":true},
              {"id":"kimi-k2","context_length":262144.0},
              {"id":"pixtral-large-2411","max_context_length":131072,"capabilities":{"vision":true,"function_calling":true}},
              {"id":"mistral-embed","max_context_length":8192,"capabilities":{"vision":false,"function_calling":false}},
              {"id":"gpt-4o","owned_by":"openai"},
              {"object":"model"}
            ]}
            """)
        #expect(models == [
            ModelInfo(name: "llama-3.1-8b-instant", contextWindow: 131072),
            ModelInfo(name: "kimi-k2", contextWindow: 262144),
            ModelInfo(name: "pixtral-large-2411", contextWindow: 131072, supportsVision: true),
            ModelInfo(name: "gpt-4o"),
        ])
    }

    /// OpenAI's own list says what a model is for only in its name.
    /// OpenRouter lists prices in dollars per token, as strings; "-1" (its router models) is no price.
    @Test func openRoutersPricingIsTheModelsCost() throws {
        let body = #"{"data":[{"id":"a/b","pricing":{"prompt":"0.000003","completion":"0.000015"}},{"id":"openrouter/auto","pricing":{"prompt":"-1","completion":"-1"}},{"id":"c"}]}"#
        let models = try parse(.openai, body)
        let cost = try #require(models[0].cost)
        #expect(abs(cost.inputPerMillion - 3) < 1e-9 && abs(cost.outputPerMillion - 15) < 1e-9)
        #expect(models[1].cost == nil && models[2].cost == nil)
        // The listed price wins over a file's, which may be older.
        let merged = [ModelInfo(name: "a/b", cost: ModelCost(input: 1, output: 1))].merged(withDiscovered: models)
        #expect(merged[0].cost == cost)
    }

    @Test func openAIsEmbeddingImageAudioAndModerationModelsAreLeftOut() throws {
        let ids = [
            "gpt-4o", "text-embedding-3-small", "text-embedding-ada-002", "gpt-image-1", "dall-e-3", "whisper-1", "tts-1-hd",
            "gpt-4o-mini-tts", "gpt-4o-transcribe", "omni-moderation-latest", "davinci-002", "gpt-4o-audio-preview", "o3-mini",
        ]
        let body = #"{"data":["# + ids.map { #"{"id":"\#($0)"}"# }.joined(separator: ",") + "]}"
        let models = try parse(.openai, body)
        #expect(models.map(\.name) == ["gpt-4o", "gpt-4o-audio-preview", "o3-mini"])
    }

    @Test func togethersBareArrayLeavingOutModelsThatCannotChat() throws {
        let models = try parse(.openai, """
            [{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo","type":"chat","display_name":"Llama 3.3 70B","context_length":131072},
             {"id":"BAAI/bge-large-en-v1.5","type":"embedding","context_length":512},
             {"id":"black-forest-labs/FLUX.1-schnell","type":"image"},
             {"id":"Qwen/Qwen2.5-Coder-32B-Instruct","type":"code","context_length":32768}]
            """)
        #expect(models == [
            ModelInfo(name: "meta-llama/Llama-3.3-70B-Instruct-Turbo", displayName: "Llama 3.3 70B", contextWindow: 131072),
            ModelInfo(name: "Qwen/Qwen2.5-Coder-32B-Instruct", contextWindow: 32768),
        ])
    }

    @Test func anthropicWithDisplayNames() throws {
        let models = try parse(.anthropic, """
            {"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],
             "has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"}
            """)
        // The list says nothing of images: natter does not guess (SPEC 8), whatever the name.
        #expect(models == [ModelInfo(name: "claude-sonnet-4-5", displayName: "Claude Sonnet 4.5", supportsVision: false)])
    }

    @Test func anthropicVisionOnlyWhereTheListSaysSo() throws {
        let models = try parse(.anthropic, """
            {"data":[{"id":"reads","capabilities":{"image_input":{"supported":true}}},
                     {"id":"blind","capabilities":{"image_input":{"supported":false}}},
                     {"id":"litellm-style","capabilities":{"vision":true}},
                     {"id":"silent"}]}
            """)
        #expect(models.map(\.supportsVision) == [true, false, true, false])
    }

    @Test func ollamaTags() throws {
        let models = try parse(.ollama, """
            {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189,"details":{"family":"llama"}},
                       {"model":"qwen3:8b"}]}
            """)
        #expect(models.map(\.name) == ["llama3.2:latest", "qwen3:8b"])
    }

    @Test func anEmptyListIsAnAnswerNotAFailure() throws {
        #expect(try parse(.openai, #"{"object":"list","data":[]}"#).isEmpty)
        #expect(try parse(.ollama, #"{"models":[]}"#).isEmpty)
    }

    @Test(arguments: [
        (Engine.openai, "<!doctype html><title>502</title>"),
        (.openai, #"{"error":{"message":"not here"}}"#),
        (.openai, #"{"data":[1,2]}"#),
        (.anthropic, #"{"models":[{"name":"x"}]}"#),
        (.ollama, #"{"data":[{"id":"x"}]}"#),
        (.ollama, ""),
    ])
    func anythingElseIsAMalformedResponse(engine: Engine, body: String) {
        let error = #expect(throws: ProviderError.self) { try parse(engine, body) }
        #expect(error?.kind == .malformedResponse)
    }

    @Test func mergingKeepsTheFilesOrderAndMetadataThenAddsWhatOnlyTheServerListed() {
        let file = [
            ModelInfo(name: "b", contextWindow: 8000, supportsTools: false),
            ModelInfo(name: "alias-latest"),
            ModelInfo(name: "a"),
        ]
        let discovered = [
            ModelInfo(name: "z", contextWindow: 100),
            ModelInfo(name: "a", displayName: "Model A", contextWindow: 64000, supportsVision: true),
            ModelInfo(name: "b", contextWindow: 1),
            ModelInfo(name: "z", contextWindow: 999),
        ]
        #expect(file.merged(withDiscovered: discovered) == [
            ModelInfo(name: "b", contextWindow: 8000, supportsTools: false),
            ModelInfo(name: "alias-latest"),
            ModelInfo(name: "a", displayName: "Model A", contextWindow: 64000, supportsVision: true),
            ModelInfo(name: "z", contextWindow: 100),
        ])
        #expect([ModelInfo]().merged(withDiscovered: discovered).map(\.name) == ["z", "a", "b"])
        #expect(file.merged(withDiscovered: []) == file)
    }
}
