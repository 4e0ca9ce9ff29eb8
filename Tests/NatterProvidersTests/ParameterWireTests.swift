import Foundation
import Testing

@testable import NatterProviders

/// Every parameter of SPEC 11 in each engine's own names, compared with bodies written from the APIs'
/// references; and the checks on values a person types.
@Suite struct ParameterWireTests {
    static func body(_ engine: Engine, model: String = "m-1", _ parameters: ModelParameters) throws -> JSONValue {
        let request = ChatRequest(messages: [.user("hi")], config: ModelConfig(model: model, parameters: parameters))
        return try JSONValue.parse(try WireFormats.format(for: engine).requestBody(request, streaming: true, options: WireOptions(includeStreamUsage: false)))
    }

    static var everything: ModelParameters {
        var parameters = ModelParameters(temperature: 0.3, topP: 0.9, maxTokens: 1000, seed: 7, reasoning: .effort(.high))
        parameters.extra = ["num_ctx": .number(8192), "stream": .bool(false)]
        return parameters
    }

    static let recorded: [Engine: String] = [
        .openai: """
            {"model":"m-1","messages":[{"role":"user","content":"hi"}],"stream":true,"max_tokens":1000,"temperature":0.3,
             "top_p":0.9,"seed":7,"reasoning_effort":"high","num_ctx":8192}
            """,
        // No seed: the messages API has none. max_tokens as set (the test sets it above the thinking budget, which
        // the API requires: see anthropicRefusesMaxTokensNotAboveTheBudgetInsteadOfChangingIt).
        .anthropic: """
            {"model":"m-1","messages":[{"role":"user","content":"hi"}],"max_tokens":30000,"stream":true,"temperature":0.3,
             "top_p":0.9,"thinking":{"type":"enabled","budget_tokens":24576},"num_ctx":8192}
            """,
        .ollama: """
            {"model":"m-1","messages":[{"role":"user","content":"hi"}],"stream":true,
             "options":{"temperature":0.3,"top_p":0.9,"num_predict":1000,"seed":7,"num_ctx":8192,"stream":false},"think":"high"}
            """,
    ]

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func everyParameterInTheEnginesOwnNames(engine: Engine) throws {
        var parameters = Self.everything
        if engine == .anthropic { parameters.maxTokens = 30_000 }
        let encoded = try Self.body(engine, parameters)
        // A provider's own options are passed (Ollama's in `options`); natter's own `stream` is never replaced.
        #expect(encoded == (try JSONValue.parse(Data(Self.recorded[engine]!.utf8))))
    }

    @Test func openAIsReasoningModelsTakeMaxCompletionTokensAndABudgetBecomesAnEffort() throws {
        let parameters = ModelParameters(maxTokens: 500, reasoning: .budget(3000))
        for model in ["o3-mini", "o1", "gpt-5", "openai/gpt-5.1", "o4-mini-high"] {
            let body = try Self.body(.openai, model: model, parameters)
            #expect(body["max_completion_tokens"] == .number(500) && body["max_tokens"] == nil, "\(model)")
            #expect(body["reasoning_effort"] == .string("low"))
        }
        #expect(try Self.body(.openai, model: "gpt-4o", parameters)["max_tokens"] == .number(500))
        #expect(try Self.body(.openai, model: "gpt-4o", ModelParameters(reasoning: .off))["reasoning_effort"] == nil)
    }

    @Test func anthropicRefusesMaxTokensNotAboveTheBudgetInsteadOfChangingIt() throws {
        // `--max-tokens 2000 --reasoning 1024` once went out as max_tokens 2048.
        let asSet = try Self.body(.anthropic, ModelParameters(maxTokens: 2000, reasoning: .budget(1024)))
        #expect(asSet["max_tokens"] == .number(2000))
        func refusal(_ parameters: ModelParameters) -> String {
            do {
                _ = try Self.body(.anthropic, parameters)
                return "sent"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal(ModelParameters(maxTokens: 1024, reasoning: .budget(1024))).contains("max_tokens 1024 is not above the thinking budget of 1024"))
        #expect(refusal(ModelParameters(maxTokens: 1000, reasoning: .effort(.high))).contains("max_tokens 1000 is not above"))
        #expect(refusal(ModelParameters(reasoning: .budget(500))).contains("below the 1024"))
    }

    @Test func anthropicThinkingKeepsATokenBudgetAndAGivenMaxTokensAboveIt() throws {
        let budget = try Self.body(.anthropic, ModelParameters(maxTokens: 40_000, reasoning: .budget(2000)))
        #expect(budget["thinking"] == .object(["type": .string("enabled"), "budget_tokens": .number(2000)]))
        #expect(budget["max_tokens"] == .number(40_000))
        let none = try Self.body(.anthropic, ModelParameters())
        #expect(none["thinking"] == nil && none["max_tokens"] == .number(Double(AnthropicWireFormat.defaultMaxTokens)))
    }

    @Test func ollamaThinkIsABooleanOrAnEffort() throws {
        #expect(try Self.body(.ollama, ModelParameters(reasoning: .budget(4096)))["think"] == .bool(true))
        #expect(try Self.body(.ollama, ModelParameters(reasoning: .off))["think"] == .bool(false))
        #expect(try Self.body(.ollama, ModelParameters())["options"] == nil, "nothing set, nothing sent")
        var own = ModelParameters()
        own.extra = ["num_ctx": .number(4096)]
        #expect(try Self.body(.ollama, own)["options"] == .object(["num_ctx": .number(4096)]))
    }

    @Test func providerFilesGiveEachModelItsDefaultsAndABadOneIsNamed() throws {
        func parse(_ parameters: String) throws(ProviderFileError) -> ProviderDefinition {
            try ProviderFileParser(path: "/cfg/providers/p.json").parse(Data("""
                { "name": "p", "engine": "openai", "host": "http://127.0.0.1:1",
                  "models": [ { "name": "a", "parameters": \(parameters) }, { "name": "b" } ] }
                """.utf8))
        }
        let definition = try parse(#"{"temperature": 0.2, "max_tokens": 512, "reasoning": "low", "num_ctx": 8192}"#)
        var expected = ModelParameters(temperature: 0.2, maxTokens: 512, reasoning: .effort(.low))
        expected.extra = ["num_ctx": .number(8192)]
        #expect(definition.metadata.modelParameters == ["a": expected])
        func problem(_ parameters: String) -> String {
            do {
                _ = try parse(parameters)
                return "no problem"
            } catch {
                return error.description
            }
        }
        #expect(problem(#"{"temperature": 9}"#) == "/cfg/providers/p.json: models[0].parameters.temperature: temperature must be a number from 0 to 2, not \"9\"")
        #expect(problem(#"{"max_tokens": true}"#) == "/cfg/providers/p.json: models[0].parameters.max_tokens: max_tokens must be a number or a string, not true")
        #expect(problem(#"[1]"#).hasPrefix("/cfg/providers/p.json: models[0].parameters: expected an object"))
    }

    @Test func typedValuesAreCheckedAndUnknownKeysPassThrough() throws {
        var parameters = ModelParameters()
        try parameters.set("temperature", to: "0.25")
        try parameters.set("top_p", to: "1")
        try parameters.set("max_tokens", to: "64")
        try parameters.set("seed", to: "-3")
        try parameters.set("reasoning", to: "HIGH")
        try parameters.set("num_ctx", to: "8192")
        try parameters.set("stop", to: #"["\n\n"]"#)
        try parameters.set("mode", to: "fast")
        #expect(parameters == {
            var expected = ModelParameters(temperature: 0.25, topP: 1, maxTokens: 64, seed: -3, reasoning: .effort(.high))
            expected.extra = ["num_ctx": .number(8192), "stop": .array([.string("\n\n")]), "mode": .string("fast")]
            return expected
        }())
        #expect(parameters.summary == "temperature=0.25, top_p=1.0, max_tokens=64, seed=-3, reasoning=high, mode, num_ctx, stop")
        func refusal(_ key: String, _ value: String) -> String {
            var parameters = ModelParameters()
            do {
                try parameters.set(key, to: value)
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(refusal("temperature", "3") == "temperature must be a number from 0 to 2, not \"3\"")
        #expect(refusal("temperature", "nan") == "temperature must be a number from 0 to 2, not \"nan\"")
        #expect(refusal("top_p", "1e400") == "top_p must be a number from 0 to 1, not \"1e400\"")
        #expect(refusal("max_tokens", "0") == "max_tokens must be a whole number from 1 to 10000000, not \"0\"")
        #expect(refusal("max_tokens", "99999999999999999999") == "max_tokens must be a whole number from 1 to 10000000, not \"99999999999999999999\"")
        #expect(refusal("reasoning", "500").hasPrefix("reasoning must be minimal, low, medium, high, off or a budget"))
        #expect(refusal("bad key", "1") == "\"bad key\" is not a parameter name")
    }
}
