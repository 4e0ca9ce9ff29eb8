import Foundation
import NatterTestSupport
import Testing

/// `natter -p`, `natter providers` and `natter models`, run as a person runs them.
@Suite struct PipeModeTests {
    static func sse(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { token in
            let text = String(decoding: try! JSONEncoder().encode(token), as: UTF8.self)
            return "data: {\"choices\":[{\"delta\":{\"content\":\(text)}}]}\n\n"
        }
            + (done ? ["data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n", "data: [DONE]\n\n"] : [])
    }

    /// A provider file for an OpenAI-compatible server on localhost, as the README tells a user to write.
    static func localProvider(_ server: LoopbackServer, name: String = "local", key: String = "${LOCAL_KEY}") -> String {
        """
        { "name": "\(name)", "engine": "openai", "host": "\(server.url)/v1",
          "models": [ { "name": "local-model", "context_window": 8192 } ],
          "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer \(key)" },
          "retry": { "max_retries": 1, "initial_delay_ms": 10 } }
        """
    }

    @Test func streamsTheAnswerToStandardOutput() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["Hello", ", ", "world", "!"]), pause: .milliseconds(5)) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "hello", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "sk-local-1"])

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "Hello, world!\n")
        #expect(stderr == "")
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer sk-local-1")
        #expect(request.bodyText.contains("\"model\":\"local-model\""))
        #expect(request.bodyText.contains("\"content\":\"hello\""))
    }

    /// A reply cut at the token limit is printed, said on standard error, and exits 3 (issue 29, point 4).
    @Test func aReplyCutAtTheTokenLimitIsSaidAndHasItsOwnExitStatus() async throws {
        let cut = [
            #"data: {"choices":[{"delta":{"content":"One two three"}}]}"# + "\n\n",
            #"data: {"choices":[{"delta":{},"finish_reason":"length"}]}"# + "\n\n", "data: [DONE]\n\n",
        ]
        let server = try await LoopbackServer.start { _, _ in .stream(cut) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "count", "--provider", "local", "--max-tokens", "5", "--no-save"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 3)
        #expect(stdout == "One two three\n")
        #expect(stderr == "natter: the reply was cut at the token limit (max_tokens 5); raise it with --max-tokens\n")
        let (jsonCode, events, _) = try await NatterProcess.run(
            ["-p", "count", "--provider", "local", "--max-tokens", "5", "--no-save", "--json"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(jsonCode == 3 && events.contains(#""reason":"length""#), "\(events)")
    }

    @Test func theExchangeIsSavedAsASessionUnlessNoSave() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["saved answer"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)
        let sessions = home + "/data/sessions"

        let (code, _, _) = try await NatterProcess.run(["-p", "keep me", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "sk-secret-9"])
        #expect(code == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: sessions)
        #expect(files.count == 1)
        #expect(files.first?.hasSuffix(".jsonl") == true)
        let lines = try String(contentsOfFile: sessions + "/" + files[0], encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "session, user message, reply")
        #expect(lines[1].contains("\"text\":\"keep me\""))
        #expect(lines[2].contains("\"text\":\"saved answer\"") && lines[2].contains("\"finish\":\"stop\""))
        #expect(!lines.joined().contains("sk-secret-9"), "no secret in a transcript")

        let (again, _, _) = try await NatterProcess.run(
            ["-p", "forget me", "--provider", "local", "--no-save"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(again == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sessions).count == 1)
    }

    @Test func takesThePromptFromStandardInputAndTheProviderFromTheEnvironment() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, stdout, _) = try await NatterProcess.run(
            ["--system", "terse"], home: home, environment: ["LOCAL_KEY": "k", "NATTER_PROVIDER": "local"],
            stdin: "question from a pipe")

        #expect(code == 0)
        #expect(stdout == "ok\n")
        let body = try #require(server.requests.first?.body)
        let messages = try #require((try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "terse"], ["role": "user", "content": "question from a pipe"]])
    }

    @Test func jsonPrintsOneEventPerLine() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["a", "b"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, stdout, _) = try await NatterProcess.run(
            ["-p", "q", "--provider", "local", "--json"], home: home, environment: ["LOCAL_KEY": "k"])

        #expect(code == 0)
        let events = stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        #expect(events.map { $0["type"] as? String ?? "?" } == ["start", "text", "text", "usage", "finished"])
        #expect(events[0]["provider"] as? String == "local")
        #expect(events[0]["model"] as? String == "local-model")
        #expect(events[1]["text"] as? String == "a")
        #expect(events[3]["output_tokens"] as? Int == 3)
        #expect(events[4]["reason"] as? String == "stop")
    }

    @Test func anAuthenticationFailureIsOneLineOnStandardErrorAndExitCodeOne() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"error":{"message":"Invalid API key: sk-wrong-key"}}"#, status: 401)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "q", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "sk-wrong-key"])

        #expect(code == 1)
        #expect(stdout == "")
        #expect(stderr == "natter: authentication failed (HTTP 401): Invalid API key: [redacted] (the key comes from LOCAL_KEY: check it is set and valid)\n", "names the variable to fix")
        #expect(server.requests.count == 1)
    }

    @Test func anInterruptedStreamKeepsItsTextButFails() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["half a rep"], done: false)) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "q", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])

        #expect(code == 1)
        #expect(stdout == "half a rep\n")
        #expect(stderr.hasPrefix("natter: interrupted: "))
        #expect(stderr.contains("partial reply above is incomplete"))
    }

    @Test func ctrlCStopsTheStreamCleanly() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["first words"], done: false), then: .stall) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let natter = try NatterProcess(["-p", "q", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(await natter.wait(until: { natter.stdout.contains("first words") }))
        natter.interrupt()
        let code = await natter.exitCode(timeout: .seconds(10))

        #expect(code == 130)
        #expect(natter.stdout == "first words\n")
        #expect(natter.stderr == "natter: cancelled\n")
    }

    @Test func aMissingKeyNamesTheVariable() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["never"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)

        let (code, _, stderr) = try await NatterProcess.run(["-p", "q", "--provider", "local"], home: home)

        #expect(code == 1)
        #expect(stderr == "natter: not configured: local needs LOCAL_KEY: export it, then try again\n")
        #expect(server.requests.isEmpty)
    }

    @Test func providersListsBuiltInsUserFilesAndBadFiles() async throws {
        let server = try await LoopbackServer.start { _, _ in .text("") }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)
        try Scratch.provider(#"{"name": "broken", "engine": "openai", "host": "h", "models": [{"name": 5}]}"#, named: "broken", in: home)

        let (code, stdout, _) = try await NatterProcess.run(["providers"], home: home, environment: ["OPENAI_API_KEY": "sk"])

        #expect(code == 0)
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.count >= 1 + 25 + 2)
        func row(_ name: String) -> String? { lines.first { $0.hasPrefix(name + " ") } }
        #expect(row("openai")?.hasSuffix("  ready") == true)
        #expect(row("anthropic")?.hasSuffix("missing ANTHROPIC_API_KEY") == true)
        #expect(row("ollama")?.contains("http://localhost:11434") == true)
        #expect(row("local")?.hasSuffix("missing LOCAL_KEY") == true)
        #expect(row("broken")?.contains("invalid file: models[0].name: expected a string, found 5") == true)

        // At 80 columns every line fits, and the statuses that say what to do stay whole.
        let (_, narrow, _) = try await NatterProcess.run(["providers"], home: home, environment: ["OPENAI_API_KEY": "sk", "COLUMNS": "80"])
        let narrowLines = narrow.split(separator: "\n").map(String.init)
        #expect(narrowLines.allSatisfy { $0.count <= 80 }, "\(narrowLines.filter { $0.count > 80 })")
        #expect(narrowLines.contains { $0.hasPrefix("anthropic ") && $0.hasSuffix("missing ANTHROPIC_API_KEY") })
    }

    @Test func modelsComeFromDiscoveryOrFallBackToTheFile() async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.path == "/v1/models" ? .json(#"{"data":[{"id":"local-model"},{"id":"found-model"}]}"#) : .text("", status: 404)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.localProvider(server), named: "local", in: home)
        try Scratch.provider(Self.localProvider(server, name: "other").replacingOccurrences(of: "/v1", with: "/nothing"), named: "other", in: home)

        let (code, stdout, _) = try await NatterProcess.run(["models", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 0)
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("* local-model") == true, "the preferred model is starred")
        #expect(lines.last?.hasPrefix("  found-model") == true)
        #expect(stdout.contains("local-model  8k"))

        let (fallbackCode, fallbackOut, fallbackErr) = try await NatterProcess.run(["models", "other"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(fallbackCode == 0)
        #expect(fallbackOut.contains("local-model"))
        #expect(!fallbackOut.contains("found-model"))
        #expect(fallbackErr.contains("showing the provider file's list"))
    }
}
