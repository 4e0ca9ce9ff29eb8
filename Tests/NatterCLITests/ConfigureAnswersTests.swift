import Foundation
import NatterProviders
import Testing

@testable import natter

/// The small pieces of `natter configure`: answer checks, model picking, the prompter, and the file form.
@Suite struct ConfigureAnswersTests {
    @Test func aVariableNameIsTakenAndAKeyIsRefused() throws {
        #expect(try EnvironmentVariableAnswer.check("MY_PROVIDER_API_KEY").get() == "MY_PROVIDER_API_KEY")
        #expect(try EnvironmentVariableAnswer.check("${HF_TOKEN}").get() == "HF_TOKEN")
        #expect(try EnvironmentVariableAnswer.check("$_KEY2").get() == "_KEY2")
        let keys = [
            "sk-proj-abc123", "gsk_0123456789abcdef", "AKIAIOSFODNN7EXAMPLE", "a1b2c3d4e5f6a7b8c9d0e1f2",
            "Bearer abc", "0123456789ABCDEF0123456789ABCDEF",
        ]
        for key in keys {
            #expect(EnvironmentVariableAnswer.check(key) == .failure(AnswerRefusal(EnvironmentVariableAnswer.secretRefusal, isSecret: true)), "\(key)")
        }
        for name in ["my_key", "1KEY", "MY KEY", "MY-KEY", ""] {
            #expect(EnvironmentVariableAnswer.check(name) == .failure(AnswerRefusal(EnvironmentVariableAnswer.nameRefusal)), "\(name)")
        }
        #expect(!EnvironmentVariableAnswer.secretRefusal.contains("sk-proj"))
    }

    @Test func theSuggestedVariableFollowsTheProvidersName() {
        #expect(EnvironmentVariableAnswer.suggestion(forProvider: "my-server") == "MY_SERVER_API_KEY")
        #expect(EnvironmentVariableAnswer.suggestion(forProvider: "9router.ai") == "_9ROUTER_AI_API_KEY")
    }

    @Test func namesAndHostsAreCheckedAsTheParserWould() throws {
        #expect(try ProviderAnswers.name("my.server_2-x").get() == "my.server_2-x")
        #expect((try? ProviderAnswers.name("my/server").get()) == nil)
        #expect((try? ProviderAnswers.name(".hidden").get()) == nil)
        #expect((try? ProviderAnswers.name("").get()) == nil)
        #expect(try ProviderAnswers.host("http://localhost:8080/v1").get() == "http://localhost:8080/v1")
        #expect(try ProviderAnswers.host("${BOX:-http://box:11434}").get() == "${BOX:-http://box:11434}")
        for bad in ["api.example.com", "ftp://example.com", "https://", "http://a b", ""] {
            #expect((try? ProviderAnswers.host(bad).get()) == nil, "\(bad)")
        }
        #expect(try ProviderAnswers.engine("Anthropic").get() == .anthropic)
        #expect(try OptionAnswer.check("h", options: ["none", "header", "query", "oauth"]).get() == "header")
        #expect((try? OptionAnswer.check("p", options: ["pkce", "password"]).get()) == nil, "ambiguous")
    }

    @Test func modelsArePickedByNumberRangeOrName() throws {
        let offered = [ModelInfo(name: "a", contextWindow: 8192), ModelInfo(name: "b"), ModelInfo(name: "c"), ModelInfo(name: "d")]
        func names(_ answer: String, known: [ModelInfo] = []) throws -> [String] {
            try ModelSelection.parse(answer, offered: offered, known: known).get().map(\.name)
        }
        #expect(try names("all") == ["a", "b", "c", "d"])
        #expect(try names("none").isEmpty)
        #expect(try names("2, 4") == ["b", "d"])
        #expect(try names("1-3 3") == ["a", "b", "c"], "no model twice")
        #expect(try names("c my-alias-latest") == ["c", "my-alias-latest"], "a name the server did not list is kept")
        #expect(try ModelSelection.parse("1", offered: offered).get().first?.contextWindow == 8192)
        #expect(try ModelSelection.parse("e", offered: offered, known: [ModelInfo(name: "e", contextWindow: 4096)]).get().first?.contextWindow == 4096)
        #expect(ModelSelection.parse("5", offered: offered) == .failure(AnswerRefusal("there is no model number 5: choose from 1 to 4")))
        #expect(ModelSelection.parse("0-2", offered: offered) == .failure(AnswerRefusal("there is no model number 0: choose from 1 to 4")))
        #expect(try ModelSelection.parse("7", offered: []).get().map(\.name) == ["7"], "without a list a number is a name")
    }

    @Test func thePrompterTakesDefaultsAsksAgainAndStopsAtTheEndOfInput() throws {
        var lines = ["", "maybe", "y", "x"]
        var shown = ""
        let prompter = LinePrompter(
            readLine: { lines.isEmpty ? nil : lines.removeFirst() }, write: { shown += $0 }, inputIsTerminal: true)

        #expect(try prompter.askText("Colour", default: "blue") == "blue")
        #expect(try prompter.confirm("Sure?", default: false) == true)
        #expect(shown == "Colour [blue]: Sure? [y/N]:   answer y or n\nSure? [y/N]: ")
        #expect(throws: EndOfInput.self) { try prompter.choose("Kind", from: ["a", "b"], default: "a") }
    }

    /// A key typed where the variable's name was asked is refused, and taken off the screen: the line it was
    /// echoed on is cleared and written again without it.
    @Test func aKeyTypedAtTheVariablePromptIsErasedFromTheScreen() throws {
        let key = "sk-proj-ERASEME1234567890abcdefghijklmnop"
        var lines = [key, "MY_KEY"]
        var shown = ""
        let prompter = LinePrompter(readLine: { lines.isEmpty ? nil : lines.removeFirst() }, write: { shown += $0 }, inputIsTerminal: true)
        #expect(try prompter.ask("Variable", check: EnvironmentVariableAnswer.check) == "MY_KEY")
        #expect(shown.contains("\u{1B}[1A\r\u{1B}[2KVariable: (removed from the screen)\n"), "\(shown.debugDescription)")
        #expect(!shown.contains(key))
    }

    @Test func aDraftIsWrittenInTheDocumentedFormAndReadBack() throws {
        let draft = ProviderDraft(
            name: "mine", engine: .anthropic, host: "https://api.example.com",
            auth: .header(name: "x-api-key", variable: "MINE_KEY", valuePrefix: ""),
            models: [ModelInfo(name: "m-1", contextWindow: 200_000, supportsTools: false, supportsVision: true)])
        let base: [String: JSONValue] = ["display_name": .string("Mine"), "retry": .object(["max_retries": .number(1)])]
        let content = try ProviderFileContent(draft: draft, base: base, path: "/x/mine.json")
        let text = String(decoding: content.data, as: UTF8.self)
        #expect(text.contains("\"header_value\" : \"${MINE_KEY}\"") || text.contains("\"header_value\": \"${MINE_KEY}\""))
        #expect(text.contains("200000") && !text.contains("200000.0"))

        let definition = try content.parsed.get()
        #expect(definition.auth == .header(name: "x-api-key", value: "${MINE_KEY}"))
        #expect(definition.models == draft.models)
        #expect(definition.displayName == "Mine")
        #expect(definition.retry.maxRetries == 1)
        #expect(ProviderDraft(name: "mine", document: try JSONValue.parse(content.data)) == draft)
    }

    @Test func aGooseFileIsReadAndRewrittenInTheDocumentedForm() throws {
        let goose = try JSONValue.parse(Data(#"""
            {"name": "g", "engine": "openai", "base_url": "https://g.example/v1", "api_key_env": "G_KEY",
             "models": [{"name": "g-1", "context_limit": 32768}], "dynamic_models": false}
            """#.utf8))
        let draft = ProviderDraft(name: "g", document: goose)
        #expect(draft.host == "https://g.example/v1")
        #expect(draft.auth == .header(name: "Authorization", variable: "G_KEY", valuePrefix: "Bearer "))
        #expect(draft.models == [ModelInfo(name: "g-1", contextWindow: 32768)])
        guard case .object(let base) = goose else { return }
        let document = draft.document(over: base)
        #expect(document["base_url"] == nil && document["api_key_env"] == nil)
        #expect(document["dynamic_models"] == .bool(false))
        #expect(document["host"] == .string("https://g.example/v1"))
    }

    /// `configure edit` with every default accepted keeps every key it does not ask about (issue 29, point 1: a
    /// model's `cost` and `parameters` were dropped), for every built-in provider file and goose's shipped ones.
    @Test func anEditWithEveryDefaultKeepsEveryKeyItDoesNotAskAbout() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var files: [String] = []
        for folder in ["Sources/NatterProviders/BuiltinProviders", "Tests/Fixtures/goose-declarative"] {
            let path = repository.appendingPathComponent(folder).path
            files += try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.map { path + "/" + $0 }
        }
        let edited = try JSONValue.parse(Data(#"""
            {"name": "smollm", "engine": "openai", "host": "http://127.0.0.1:8080/v1", "headers": {"X-A": "1"},
             "retry": {"max_retries": 2},
             "auth": {"type": "header", "header_name": "Authorization", "header_value": "Bearer ${SMOL_KEY}", "note": "kept"},
             "models": [{"name": "smollm2", "context_window": 2048, "parameters": {"temperature": 0.2},
                         "cost": {"input": 1, "output": 2}, "supports_tools": false}]}
            """#.utf8))
        #expect(files.count > 30)
        for (name, document) in try files.map({ ($0, try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: $0)))) }) + [("smollm", edited)] {
            guard case .object(let base) = document, case .string(let provider)? = base["name"] else { continue }
            let written = ProviderDraft(name: provider, document: document).document(over: base)
            for (key, value) in base where !ProviderDraft.replacedGooseKeys.contains(key) && key != "models" {
                #expect(written[key] == value, "\(name): \(key)")
            }
            guard case .array(let models)? = base["models"], case .array(let rewritten)? = written["models"] else { continue }
            for (old, new) in zip(models, rewritten) {
                guard case .object(let before) = old, case .object(let after) = new else { continue }
                for (key, value) in before where key != "context_limit" {
                    #expect(after[key] == value, "\(name): models[].\(key)")
                }
            }
            // And the file natter would write reads back as the same provider.
            if name == "smollm" {
                let content = try ProviderFileContent(draft: ProviderDraft(name: provider, document: document), base: base, path: "/x/smollm.json")
                let definition = try content.parsed.get()
                #expect(definition.models.first?.cost != nil && definition.modelParameters["smollm2"]?.temperature == 0.2)
            }
        }
    }

    @Test func anOAuthDraftFollowsSpecThreeFive() throws {
        let settings = DraftOAuth(
            flow: .device, clientID: "cli", scopes: ["a", "b"], deviceAuthorizationURL: "https://id.example/device",
            authorizationURL: nil, tokenURL: "https://id.example/token", clientSecretVariable: nil)
        let draft = ProviderDraft(name: "o", engine: .openai, host: "https://o.example/v1", auth: .oauth(settings), models: [ModelInfo(name: "m")])
        let document = draft.document()
        #expect(document["auth"] == .object([
            "type": .string("oauth"), "flow": .string("device"), "client_id": .string("cli"),
            "scopes": .array([.string("a"), .string("b")]), "device_authorization_url": .string("https://id.example/device"),
            "token_url": .string("https://id.example/token"),
        ]))
        #expect(ProviderDraft(name: "o", document: .object(document)) == draft)
    }
}
