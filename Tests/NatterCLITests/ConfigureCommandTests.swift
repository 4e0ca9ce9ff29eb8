import Foundation
import NatterTestSupport
import Testing

/// `natter configure`, driven as a script would drive it: answers piped to standard input, one per line.
@Suite struct ConfigureCommandTests {
    static let secret = "sk-test-9f8e7d6c5b4a3210fedcba"

    /// An OpenAI-style server that lists two models and answers every chat with "fine".
    static func openAIServer() async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            if request.method == "GET" && request.path == "/v1/models" {
                // Like a hosted API, it lists its models only to a caller with a key.
                guard request.header("Authorization") != nil else { return .json(#"{"error":{"message":"no key"}}"#, status: 401) }
                return .json(#"{"data":[{"id":"alpha"},{"id":"beta"}]}"#)
            }
            return .stream(PipeModeTests.sse(["fine"]))
        }
    }

    /// A server like a local one: it lists its models (one with its window, one without) and answers, to anyone.
    static func keylessServer() async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            if request.method == "GET" && request.path == "/v1/models" {
                return .json(#"{"data":[{"id":"small","owned_by":"vllm","max_model_len":4096},{"id":"big","owned_by":"vllm"}]}"#)
            }
            return .stream(PipeModeTests.sse(["fine"]))
        }
    }

    static func answers(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static func file(_ name: String, in home: String) -> String { home + "/config/providers/\(name).json" }

    static func document(_ name: String, in home: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: file(name, in: home)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func addWritesAProviderThatLoadsAndAnswers() async throws {
        let server = try await Self.openAIServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        let environment = ["MINE_KEY": Self.secret]

        let script = Self.answers([
            "mine",  // name
            "",  // engine [openai]
            server.url + "/v1",  // host
            "",  // authentication [header]
            "",  // header name [Authorization]
            "MINE_KEY",  // the variable holding the key
            "",  // discover the models [Y]
            "2",  // pick "beta" from the numbered list
            "",  // its context window: not known
            "",  // test the connection [Y]
        ])
        let (code, stdout, stderr) = try await NatterProcess.run(["configure", "add"], home: home, environment: environment, stdin: script)

        #expect(code == 0, "stdout: \(stdout)\nstderr: \(stderr)")
        #expect(stdout.contains("1. alpha") && stdout.contains("2. beta"), "the discovered models are offered by number")
        #expect(stdout.contains("OK: beta answered in "), "\(stdout)")
        #expect(stdout.contains("Saved " + Self.file("mine", in: home)))
        #expect(!stdout.contains(Self.secret) && !stderr.contains(Self.secret))
        let text = try String(contentsOfFile: Self.file("mine", in: home), encoding: .utf8)
        #expect(text.contains("\"Bearer ${MINE_KEY}\""))
        #expect(!text.contains(Self.secret))
        let document = try Self.document("mine", in: home)
        #expect(document["name"] as? String == "mine")
        #expect(document["engine"] as? String == "openai")
        #expect(document["host"] as? String == server.url + "/v1")
        #expect((document["models"] as? [[String: Any]])?.map { $0["name"] as? String } == ["beta"])
        // Discovery and the test went to the server with the key from the environment, and the test was tiny.
        let discovery = try #require(server.requests.last { $0.path == "/v1/models" }, "after the one without a key")
        #expect(discovery.header("Authorization") == "Bearer " + Self.secret)
        let test = try #require(server.requests.first { $0.path == "/v1/chat/completions" })
        #expect(test.bodyText.contains("\"max_tokens\":16"))

        let (listed, providers, _) = try await NatterProcess.run(["providers"], home: home, environment: environment)
        #expect(listed == 0)
        let row = providers.split(separator: "\n").first { $0.hasPrefix("mine ") }
        #expect(row?.hasSuffix("  ready") == true, "\(providers)")

        let before = server.requests.count
        let (asked, answer, askErr) = try await NatterProcess.run(["-p", "hi", "--provider", "mine", "--no-save"], home: home, environment: environment)
        #expect(asked == 0, "\(askErr)")
        #expect(answer == "fine\n")
        let chat = try #require(server.requests.dropFirst(before).first)
        #expect(chat.header("Authorization") == "Bearer " + Self.secret)
        #expect(chat.bodyText.contains("\"model\":\"beta\""))
    }

    /// A server on this machine that lists its models without a key (a local server's usual case): no key
    /// question, its models offered with the windows it gave, and one question for the window of those it did not.
    @Test func aLocalServerThatNeedsNoKeyIsAddedWithoutKeyQuestionsAndWithWindows() async throws {
        let server = try await Self.keylessServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        let script = Self.answers([
            "box",  // name
            "",  // engine [openai]
            server.url + "/v1",  // host
            "all",  // both listed models
            "32,768",  // the window of "big", which the server did not give
            "",  // test the connection [Y]
        ])
        let (code, stdout, stderr) = try await NatterProcess.run(["configure", "add"], home: home, stdin: script)

        #expect(code == 0, "stdout: \(stdout)\nstderr: \(stderr)")
        #expect(!stdout.contains("Authentication:"), "no key question: \(stdout)")
        #expect(stdout.contains("1. small") && stdout.contains("2. big"), "the listed models are offered: \(stdout)")
        #expect(stdout.contains("Context window of big"), "asked only for the model without one: \(stdout)")
        #expect(stdout.contains("OK: "), "\(stdout)")
        let document = try Self.document("box", in: home)
        #expect(document["auth"] == nil || (document["auth"] as? [String: Any])?["type"] as? String == "none", "\(document)")
        let windows = (document["models"] as? [[String: Any]])?.map { "\($0["name"] as? String ?? "?")=\($0["context_window"] as? Int ?? 0)" }
        #expect(windows == ["small=4096", "big=32768"], "\(String(describing: windows))")
        #expect(server.requests.allSatisfy { $0.header("Authorization") == nil }, "nothing asked with a key")
    }

    @Test func refusedAnswersAreAskedAgainAndAPastedKeyIsNeverShownOrWritten() async throws {
        let home = try Scratch.home()
        let script = Self.answers([
            "my server",  // a space: refused
            "openai",  // a built-in's name…
            "n",  // …not to be replaced: asked again
            "mine",
            "gpt",  // unknown engine
            "openai",
            "api.example.com",  // no scheme
            "https://api.example.com/v1",
            "header",
            "",
            Self.secret,  // the key itself, pasted: refused
            "MINE_KEY",
            "n",  // no discovery
            "m1, m2",
            "",  // their context window: not known
            "n",  // no test
        ])
        let (code, stdout, stderr) = try await NatterProcess.run(["configure", "add"], home: home, stdin: script)

        #expect(code == 0, "stdout: \(stdout)\nstderr: \(stderr)")
        #expect(stdout.contains("a name may hold only letters, digits, '-', '_' and '.'"))
        #expect(stdout.contains("openai is a built-in provider: replace it with your own?"))
        #expect(stdout.contains("unknown engine: expected openai, anthropic or ollama"))
        #expect(stdout.contains("not a URL: expected one starting with http:// or https://"))
        #expect(stdout.contains("that looks like the key itself"))
        #expect(stdout.contains("natter stores only the NAME of an environment variable"))
        #expect(!stdout.contains(Self.secret) && !stderr.contains(Self.secret))
        #expect(!stdout.contains("sk-test"), "not even part of it")
        let text = try String(contentsOfFile: Self.file("mine", in: home), encoding: .utf8)
        #expect(!text.contains(Self.secret))
        #expect(text.contains("${MINE_KEY}"))
        #expect(!FileManager.default.fileExists(atPath: Self.file("openai", in: home)))
        #expect((try Self.document("mine", in: home)["models"] as? [[String: Any]])?.map { $0["name"] as? String } == ["m1", "m2"])
    }

    @Test func editChangesTheHostAndKeepsEverythingElse() async throws {
        let home = try Scratch.home()
        try Scratch.provider(
            """
            { "name": "local", "engine": "openai", "host": "http://127.0.0.1:1/v1", "display_name": "My local box",
              "timeout_seconds": 45, "models": [ { "name": "local-model", "context_window": 8192 } ],
              "auth": { "type": "header", "header_name": "Authorization", "header_value": "Token ${LOCAL_KEY}" } }
            """, named: "local", in: home)
        let script = Self.answers([
            "",  // engine [openai]
            "https://llm.example.net/v1",  // the new host
            "",  // authentication [header]
            "",  // header name [Authorization]
            "",  // variable [LOCAL_KEY]
            "n",  // no discovery
            "",  // models [local-model]
            "n",  // no test
        ])
        let (code, stdout, stderr) = try await NatterProcess.run(["configure", "edit", "local"], home: home, stdin: script)

        #expect(code == 0, "stdout: \(stdout)\nstderr: \(stderr)")
        #expect(stdout.contains("Host (the API's base URL) [http://127.0.0.1:1/v1]"), "the current value is the default")
        let document = try Self.document("local", in: home)
        #expect(document["host"] as? String == "https://llm.example.net/v1")
        #expect(document["display_name"] as? String == "My local box")
        #expect(document["timeout_seconds"] as? Int == 45)
        let auth = try #require(document["auth"] as? [String: Any])
        #expect(auth["header_value"] as? String == "Token ${LOCAL_KEY}", "a custom value form survives")
        let model = try #require((document["models"] as? [[String: Any]])?.first)
        #expect(model["name"] as? String == "local-model")
        #expect(model["context_window"] as? Int == 8192)
    }

    @Test func removeDeletesTheFileOnlyAfterYes() async throws {
        let home = try Scratch.home()
        try Scratch.provider(#"{"name": "gone", "engine": "ollama", "host": "http://127.0.0.1:1", "models": []}"#, named: "gone", in: home)

        let (kept, _, _) = try await NatterProcess.run(["configure", "remove", "gone"], home: home, stdin: "n\n")
        #expect(kept == 1)
        #expect(FileManager.default.fileExists(atPath: Self.file("gone", in: home)))

        let (code, stdout, _) = try await NatterProcess.run(["configure", "remove", "gone"], home: home, stdin: "y\n")
        #expect(code == 0)
        #expect(stdout.contains("Removed " + Self.file("gone", in: home)))
        #expect(!FileManager.default.fileExists(atPath: Self.file("gone", in: home)))
    }

    @Test func testReportsAnAuthenticationErrorInOneLine() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(#"{"error":{"message":"Invalid API key"}}"#, status: 401) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)

        let (code, stdout, _) = try await NatterProcess.run(["configure", "test", "local"], home: home, environment: ["LOCAL_KEY": "k-1"])

        #expect(code == 1)
        #expect(stdout.contains("\nFAILED: authentication failed (HTTP 401): Invalid API key (the key comes from LOCAL_KEY: check it is set and valid)\n"), "\(stdout)")
        #expect(server.requests.count == 1, "an authentication error is not retried")
    }

    @Test func inputEndingPartWayWritesNothing() async throws {
        let server = try await Self.openAIServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        // Every answer but the last: the input ends at "Test the connection?", the question before saving.
        let script = Self.answers(["mine", "", server.url + "/v1", "", "", "MINE_KEY", "", "all", ""])
        let (code, _, stderr) = try await NatterProcess.run(["configure", "add"], home: home, environment: ["MINE_KEY": "k"], stdin: script)

        #expect(code == 1)
        #expect(stderr == "natter configure: standard input ended before the questions were answered; nothing was written\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/config/providers").isEmpty)

        let (early, _, _) = try await NatterProcess.run(["configure"], home: home, stdin: "add\nmine\n")
        #expect(early == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/config/providers").isEmpty)
    }

    @Test func oauthWritesTheDocumentedBlockWithTheSecretAsAVariable() async throws {
        let home = try Scratch.home()
        let script = Self.answers([
            "corp", "", "https://llm.corp.example/v1", "oauth", "client_credentials", "natter-cli",
            "https://login.corp.example/oauth/token", "llm.read llm.write", "CORP_CLIENT_SECRET", "corp-model", "",
        ])
        let (code, stdout, stderr) = try await NatterProcess.run(["configure", "add"], home: home, stdin: script)

        #expect(code == 0, "stdout: \(stdout)\nstderr: \(stderr)")
        let auth = try #require(try Self.document("corp", in: home)["auth"] as? [String: Any])
        #expect(auth["type"] as? String == "oauth")
        #expect(auth["flow"] as? String == "client_credentials")
        #expect(auth["client_id"] as? String == "natter-cli")
        #expect(auth["token_url"] as? String == "https://login.corp.example/oauth/token")
        #expect(auth["scopes"] as? [String] == ["llm.read", "llm.write"])
        #expect(auth["client_secret"] as? String == "${CORP_CLIENT_SECRET}")
        #expect(auth["device_authorization_url"] == nil && auth["authorization_url"] == nil)
    }

    @Test func theMenuListsYourProvidersAndActsOnOneByNumber() async throws {
        let home = try Scratch.home()
        try Scratch.provider(#"{"name": "box", "engine": "ollama", "host": "http://127.0.0.1:1", "models": []}"#, named: "box", in: home)

        let (code, stdout, _) = try await NatterProcess.run(["configure"], home: home, stdin: Self.answers(["remove", "1", "y", "quit"]))

        #expect(code == 0)
        #expect(stdout.contains("  1. box  ollama  http://127.0.0.1:1  ready"), "\(stdout)")
        #expect(stdout.contains("You have no providers of your own yet"), "listed again after the removal")
        #expect(!FileManager.default.fileExists(atPath: Self.file("box", in: home)))
    }
}
