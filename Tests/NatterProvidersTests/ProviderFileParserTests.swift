import Foundation
import Testing

@testable import NatterProviders

@Suite struct ProviderFileParserTests {
    func parse(_ json: String, path: String = "/cfg/providers/p.json") throws(ProviderFileError) -> ProviderDefinition {
        try ProviderFileParser(path: path).parse(Data(json.utf8))
    }

    func problem(_ json: String) -> String {
        do {
            _ = try parse(json)
            return "no problem"
        } catch {
            return error.description
        }
    }

    @Test func theSeedsDocumentedExampleLoads() throws {
        let definition = try parse("""
            { "name": "my-provider", "engine": "openai", "host": "https://api.myprovider.com/v1",
              "models": [
                { "name": "my-model-7b", "context_window": 8192, "supports_tools": true, "supports_vision": false },
                { "name": "my-model-70b", "context_window": 32768, "supports_vision": true } ],
              "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer ${MY_PROVIDER_API_KEY}" } }
            """)
        #expect(definition.name == "my-provider")
        #expect(definition.engine == .openai)
        #expect(definition.host == "https://api.myprovider.com/v1")
        #expect(definition.models == [
            ModelInfo(name: "my-model-7b", contextWindow: 8192, supportsTools: true, supportsVision: false),
            ModelInfo(name: "my-model-70b", contextWindow: 32768, supportsTools: true, supportsVision: true),
        ])
        #expect(definition.auth == .header(name: "Authorization", value: "Bearer ${MY_PROVIDER_API_KEY}"))
        #expect(definition.missingVariables(in: [:]) == ["MY_PROVIDER_API_KEY"])
        #expect(definition.missingVariables(in: ["MY_PROVIDER_API_KEY": "k"]).isEmpty)
        #expect(definition.timeoutSeconds == 120)
        #expect(definition.retry == .standard)
    }

    @Test func queryAuthHeadersRetryAndTimeout() throws {
        let definition = try parse("""
            { "name": "q", "engine": "ollama", "host": "http://localhost:1", "models": [],
              "auth": { "type": "query", "query_name": "key", "query_value": "${K}" },
              "headers": { "X-B": "2", "X-A": "1" }, "query": { "api-version": "v" },
              "timeout_seconds": 0.5, "default_model": "m",
              "retry": { "max_retries": 1, "initial_delay_ms": 10, "max_delay_ms": 20, "exponential_base": 3 } }
            """)
        #expect(definition.auth == .query(name: "key", value: "${K}"))
        #expect(definition.headers.map(\.0) == ["X-A", "X-B"])
        #expect(definition.query.map(\.1) == ["v"])
        #expect(definition.timeoutSeconds == 0.5)
        #expect(definition.retry == RetryPolicy(maxRetries: 1, initialDelay: .milliseconds(10), maxDelay: .milliseconds(20), exponentialBase: 3))
    }

    @Test func everyGooseCompatFileLoads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestFiles.gooseCompat.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 6)
        for name in names {
            let path = TestFiles.gooseCompat.appendingPathComponent(name).path
            let result = ProviderCatalog.readFile(path)
            #expect((try? result.get()) != nil, "\(name): \(result)")
        }
    }

    @Test func gooseFieldsAreMapped() throws {
        let moonshot = try ProviderCatalog.readFile(TestFiles.gooseCompat.appendingPathComponent("moonshot.json").path).get()
        #expect(moonshot.displayName == "Moonshot")
        #expect(moonshot.host == "${MOONSHOT_BASE_URL}")
        #expect(moonshot.variableDefaults["MOONSHOT_BASE_URL"] == "https://api.moonshot.cn/v1/chat/completions")
        #expect(moonshot.auth == .header(name: "Authorization", value: "Bearer ${MOONSHOT_API_KEY}"))
        #expect(moonshot.models.first { $0.name == "kimi-k2" }?.contextWindow == 262144)
        #expect(moonshot.missingVariables(in: [:]) == ["MOONSHOT_API_KEY"])

        let lmstudio = try ProviderCatalog.readFile(TestFiles.gooseCompat.appendingPathComponent("lmstudio.json").path).get()
        #expect(lmstudio.auth == .none)
        #expect(lmstudio.missingVariables(in: [:]).isEmpty)
        #expect(lmstudio.dynamicModels)

        let mistral = try ProviderCatalog.readFile(TestFiles.gooseCompat.appendingPathComponent("mistral.json").path).get()
        #expect(mistral.supportsStreamOptions == false)
        #expect(EndpointResolver.chatURL(engine: .openai, host: mistral.host) == "https://api.mistral.ai/v1/chat/completions")
    }

    @Test func malformedJSONNamesTheFile() {
        let message = problem("{ \"name\": \"x\", ")
        #expect(message.hasPrefix("/cfg/providers/p.json: not valid JSON"))
    }

    @Test func missingRequiredKeysAreNamed() {
        #expect(problem(#"{"engine":"openai","host":"h","models":[]}"#) == "/cfg/providers/p.json: name: missing (required)")
        #expect(problem(#"{"name":"x","host":"h","models":[]}"#) == "/cfg/providers/p.json: engine: missing (required)")
        #expect(problem(#"{"name":"x","engine":"openai","models":[]}"#) == "/cfg/providers/p.json: host: missing (required)")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h"}"#) == "/cfg/providers/p.json: models: missing (required)")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":[{"context_window":1}]}"#)
            == "/cfg/providers/p.json: models[0].name: missing (required)")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":[],"auth":{"type":"header","header_name":"A"}}"#)
            == "/cfg/providers/p.json: auth.header_value: missing (required)")
    }

    @Test func wrongTypesAndValuesAreNamedWithWhatWasExpected() {
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":[{"name":"m","context_window":"8k"}]}"#)
            == "/cfg/providers/p.json: models[0].context_window: expected a number, found \"8k\"")
        #expect(problem(#"{"name":"x","engine":"gpt","host":"h","models":[]}"#)
            == "/cfg/providers/p.json: engine: expected one of openai, anthropic, ollama, found \"gpt\"")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":{}}"#)
            == "/cfg/providers/p.json: models: expected an array, found an object")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":[],"auth":{"type":"basic"}}"#)
            == "/cfg/providers/p.json: auth.type: expected header, query or oauth, found \"basic\"")
        #expect(problem(#"{"name":"x","engine":"openai","host":"h","models":[],"headers":{"A":1}}"#)
            == "/cfg/providers/p.json: headers.A: expected a string, found 1")
        #expect(problem("[1, 2]") == "/cfg/providers/p.json: expected a JSON object, found an array")
        #expect(problem(#"{"name":"a b","engine":"openai","host":"h","models":[]}"#).hasPrefix("/cfg/providers/p.json: name: "))
    }

    @Test func wrongTypesInEitherFormNameTheKeyPathTheExpectedTypeAndWhatWasFound() {
        let documented = #""name":"x","engine":"openai","host":"h""#
        let goose = #""name":"g","engine":"openai","base_url":"h""#
        for (json, message) in [
            ("{\(documented),\"models\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\",\"context_window\":\"8k\"}]}",
                #"models[2].context_window: expected a number, found "8k""#),
            ("{\(documented),\"models\":[{\"name\":\"m\",\"supports_vision\":\"no\"}]}",
                #"models[0].supports_vision: expected true or false, found "no""#),
            ("{\(documented),\"models\":[{\"name\":\"m\",\"context_window\":8192.5}]}",
                "models[0].context_window: expected a positive whole number, found 8192.5"),
            ("{\(documented),\"models\":[{\"name\":\"m\",\"context_window\":-1}]}",
                "models[0].context_window: expected a positive whole number, found -1"),
            ("{\(documented),\"models\":[],\"timeout_seconds\":\"30s\"}", #"timeout_seconds: expected a number, found "30s""#),
            ("{\(documented),\"models\":[],\"retry\":{\"max_retries\":2.5}}", "retry.max_retries: expected a whole number of 0 or more, found 2.5"),
            ("{\(documented),\"models\":[],\"auth\":\"Bearer x\"}", #"auth: expected an object, found "Bearer x""#),
            ("{\(documented),\"models\":[],\"headers\":[\"A: 1\"]}", "headers: expected an object of strings, found an array"),
            ("{\(goose),\"models\":[{\"name\":\"m\",\"context_limit\":\"128k\"}]}", #"models[0].context_limit: expected a number, found "128k""#),
            ("{\(goose),\"api_key_env\":true}", "api_key_env: expected a string, found true"),
            ("{\(goose),\"env_vars\":[{\"name\":\"A\",\"default\":5}]}", "env_vars[0].default: expected a string, found 5"),
            ("{\(goose),\"supports_streaming\":\"yes\"}", #"supports_streaming: expected true or false, found "yes""#),
            ("{\(goose),\"requires_auth\":null,\"dynamic_models\":1}", "dynamic_models: expected true or false, found 1"),
        ] {
            #expect(problem(json) == "/cfg/providers/p.json: " + message)
        }
    }

    @Test func unknownKeysAreIgnored() throws {
        let definition = try parse(#"{"name":"x","engine":"openai","host":"h","models":[],"future":{"a":[1]}}"#)
        #expect(definition.name == "x")
    }
}

/// `models[].cost` in natter's form and goose's, and the messages for broken ones.
@Suite struct ProviderFileCostTests {
    func parse(_ models: String) throws -> [ModelInfo] {
        let text = #"{"name":"p","engine":"openai","host":"http://127.0.0.1:1","models":"# + models + "}"
        return try ProviderFileParser(path: "p.json").parse(Data(text.utf8)).models
    }

    @Test func natterFormIsDollarsPerMillionTokens() throws {
        let models = try parse(#"[{"name":"a","cost":{"input":3,"output":15}},{"name":"b"}]"#)
        #expect(models[0].cost == ModelCost(input: 3, output: 15))
        #expect(models[1].cost == nil)
    }

    @Test func gooseFormIsDollarsPerToken() throws {
        let models = try parse(#"[{"name":"a","input_token_cost":0.000003,"output_token_cost":0.000015,"currency":"$"},{"name":"b","input_token_cost":null,"output_token_cost":null,"currency":null},{"name":"c","input_token_cost":1,"output_token_cost":2,"currency":"EUR"}]"#)
        let cost = try #require(models[0].cost)
        #expect(abs(cost.inputPerMillion - 3) < 1e-9 && abs(cost.outputPerMillion - 15) < 1e-9)
        #expect(models[1].cost == nil)
        #expect(models[2].cost == nil, "natter shows dollars only")
    }

    @Test func aBrokenCostIsNamedWithItsKey() {
        for (models, expected) in [
            (#"[{"name":"a","cost":3}]"#, "models[0].cost: expected an object"),
            (#"[{"name":"a","cost":{"input":3}}]"#, "models[0].cost.output: missing"),
            (#"[{"name":"a","cost":{"input":"3","output":1}}]"#, "models[0].cost.input: expected a number"),
            (#"[{"name":"a","cost":{"input":-3,"output":1}}]"#, "models[0].cost: expected prices from 0"),
        ] {
            #expect(throws: ProviderFileError.self, "\(models)") { try parse(models) }
            do { _ = try parse(models) } catch { #expect(String(describing: error).contains(expected), "\(error)") }
        }
    }
}
