import Foundation
import NatterTestSupport
import Testing

/// `natter providers` says whether each local server is running (issue 31, point 1): with its models when it
/// answers, with the address tried when nothing does, never "ready" for a server that is not there.
@Suite struct LocalProvidersTests {
    @Test func aLocalServerIsRunningWithItsModelsOrNotRunningWithTheAddressTried() async throws {
        let ollama = try await LoopbackServer.start { request, _ in
            request.path == "/api/tags" ? .json(#"{"models":[{"name":"llama3.2:1b"},{"name":"qwen3:0.6b"}]}"#) : .json("{}", status: 404)
        }
        defer { Task { await ollama.stop() } }
        let closed = try ClosedPort()
        var environment = ["OLLAMA_HOST": ollama.url]
        for variable in ["LMSTUDIO_HOST", "LLAMACPP_HOST", "VLLM_HOST", "JAN_HOST", "LOCALAI_HOST"] { environment[variable] = closed.url + "/v1" }
        let home = try Scratch.home()
        let (code, stdout, stderr) = try await NatterProcess.run(["providers", "--json"], home: home, environment: environment)
        #expect(code == 0, "\(stderr)")
        func status(_ name: String) -> String? {
            stdout.split(separator: "\n").compactMap { line -> [String: String]? in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
            }.first { $0["name"] == name }?["status"]
        }
        #expect(status("ollama") == "running (2 models)", "\(stdout)")
        #expect(status("lmstudio") == "not running (tried \(closed.url)/v1/models)")
        #expect(status("vllm")?.hasPrefix("not running") == true)
        #expect(status("openai")?.hasPrefix("missing") == true, "a cloud provider keeps its own status")
    }

    /// With nothing chosen (no flag, variable, remembered choice or key), the one local server running is used;
    /// with two, natter says which and asks for --provider (issue 31, point 1; SPEC 1 and 15).
    @Test func withNothingChosenTheOneLocalServerRunningIsUsed() async throws {
        let llama = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models": return .json(#"{"data":[{"id":"smol.gguf","owned_by":"llamacpp"}]}"#)
            case "/props": return .json(#"{"default_generation_settings":{"n_ctx":2048}}"#)
            case "/v1/chat/completions": return .stream(PipeModeTests.sse(["from the local server"]))
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await llama.stop() } }
        let closed = try ClosedPort()
        var environment = ["LLAMACPP_HOST": llama.url + "/v1", "OLLAMA_HOST": closed.url]
        for variable in ["LMSTUDIO_HOST", "VLLM_HOST", "JAN_HOST", "LOCALAI_HOST"] { environment[variable] = closed.url + "/v1" }
        let home = try Scratch.home()
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--no-save"], home: home, environment: environment)
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "from the local server\n")
        #expect(llama.requests.last?.bodyText.contains(#""model":"smol.gguf""#) == true)

        let other = try await LoopbackServer.start { _, _ in .json(#"{"data":[{"id":"vllm-model","owned_by":"vllm","max_model_len":4096}]}"#) }
        defer { Task { await other.stop() } }
        environment["VLLM_HOST"] = other.url + "/v1"
        let (several, _, why) = try await NatterProcess.run(["-p", "hi", "--no-save"], home: home, environment: environment)
        #expect(several == 1)
        #expect(why.contains("llamacpp") && why.contains("vllm") && why.contains("--provider"), "\(why)")
    }

    /// A model list that fails with 503 is asked again, like a chat request; one that keeps failing with 429 is
    /// said as a rate limit, never as "not configured" (issue 31, point 6).
    @Test func aModelListIsRetriedAndItsFailureSaidAsWhatItIs() async throws {
        let server = try await LoopbackServer.start { request, index in
            guard request.path.hasSuffix("/models") else { return .stream(PipeModeTests.sse(["hello"])) }
            return index < 2 ? .json(#"{"error":{"message":"loading model"}}"#, status: 503) : .json(#"{"data":[{"id":"late-model"}]}"#)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        let file = """
            { "name": "slow", "engine": "openai", "host": "\(server.url)/v1", "models": [],
              "retry": { "max_retries": 3, "initial_delay_ms": 10, "max_delay_ms": 50 } }
            """
        try Scratch.provider(file, named: "slow", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "slow", "--no-save"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "hello\n")
        #expect(server.requests.filter { $0.path.hasSuffix("/models") }.count == 3)
        #expect(server.requests.last?.bodyText.contains(#""model":"late-model""#) == true)

        let limited = try await LoopbackServer.start { _, _ in .json(#"{"error":{"message":"slow down"}}"#, status: 429) }
        defer { Task { await limited.stop() } }
        try Scratch.provider(file.replacingOccurrences(of: server.url, with: limited.url), named: "slow", in: home)
        let (failed, _, why) = try await NatterProcess.run(["-p", "hi", "--provider", "slow", "--no-save"], home: home)
        #expect(failed == 1)
        #expect(why.contains("rate limited") && !why.contains("not configured"), "\(why)")
    }
}

/// A message that alone is larger than the model's window is not sent (issue 31, point 4; SPEC 11).
@Suite struct OverWindowTests {
    @Test func aMessageLargerThanTheWindowIsRefusedWithItsSize() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["never"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(
            #"{ "name": "tiny", "engine": "openai", "host": "\#(server.url)/v1", "models": [ { "name": "small", "context_window": 2048 } ], "retry": { "max_retries": 0 } }"#,
            named: "tiny", in: home)
        let paste = String(repeating: "word ", count: 20_000)  // 100 kB: about 25,000 tokens
        let (code, _, stderr) = try await NatterProcess.run(["-p", paste, "--provider", "tiny", "--no-save"], home: home)
        #expect(code == 1)
        #expect(stderr.contains("not sent: this message is about 25,004 tokens, more than tiny · small's window of 2,048"), "\(stderr)")
        #expect(server.requests.isEmpty, "nothing went out")
    }
}

/// The chat's first frame never waits for the local servers' probe (issue 31, point 1): with every local address
/// held by a server that accepts and then says nothing, the chat is drawn and takes keys while the probe is still
/// asking (the picker says so), and the picker then says what the probe found.
@Suite(.serialized) struct LocalServerProbeScreenTests {
    @Test func theFirstFrameAndThePickerDoNotWaitForServersThatHang() async throws {
        let hanging = try await LoopbackServer.start { _, _ in ScriptedResponse(steps: [.stall]) }
        let chat = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["from the chat's provider"])) }
        defer { Task { await hanging.stop(); await chat.stop() } }
        var environment = ["OLLAMA_HOST": hanging.url, "LOCAL_KEY": "k"]
        for variable in ["LMSTUDIO_HOST", "LLAMACPP_HOST", "VLLM_HOST", "JAN_HOST", "LOCALAI_HOST"] { environment[variable] = hanging.url + "/v1" }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", chat, model: "model-a"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"], environment: environment))
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")
        try tmux.send("C-p")
        try tmux.type("ollama")  // the one row, whatever the pane's height
        // Still asking: had the frame waited for the probe, its answer would be in and nothing "asking".
        #expect(await tmux.wait(forText: "asking \(hanging.url)/api/tags…"), "\(tmux.text)")
        // Once the probe gives up on a server that said nothing, it is never "ready".
        #expect(await tmux.wait(timeout: .seconds(20)) { $0.joined(separator: "\n").contains("not answering") && !$0.joined().contains("asking ") }, "\(tmux.text)")
        #expect(hanging.requests.contains { $0.path == "/api/tags" }, "the probe reached the server")
        try tmux.send("Escape")
        try ChatUITests.ask(tmux, "hello")
        #expect(await tmux.wait(forText: "from the chat's provider"), "\(tmux.text)")
        try tmux.send("C-d")
    }
}
