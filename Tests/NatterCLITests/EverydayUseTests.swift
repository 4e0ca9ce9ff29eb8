import Foundation
import NatterTestSupport
import Testing

/// What a new user hits in the first hour (issue: everyday use), run as they would run it: pipe mode with
/// stdin, `natter models` with no provider, local servers that list no models, servers that answer a stream
/// request with a whole message or drop it before the first token.
@Suite struct EverydayPipeTests {
    static func openAIServer(_ tokens: [String] = ["ok"]) async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            request.path.hasSuffix("/models")
                ? .json(#"{"data":[{"id":"listed-model"}]}"#)
                : .stream(PipeModeTests.sse(tokens))
        }
    }

    @Test func stdinFollowsThePromptInTheSameMessage() async throws {
        let server = try await Self.openAIServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, _, stderr) = try await NatterProcess.run(
            ["-p", "review this", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"], stdin: "diff --git a b\n+added line\n")
        #expect(code == 0, "\(stderr)")
        let body = try #require(server.requests.last?.bodyText)
        #expect(body.contains(#"review this\n\ndiff --git a b\n+added line"#), "\(body)")
    }

    @Test func anEmptyPromptWithStdinAsksTheStdinAndNothingAtAllIsAUsageError() async throws {
        let server = try await Self.openAIServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, _, _) = try await NatterProcess.run(["-p", "", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"], stdin: "only stdin")
        #expect(code == 0)
        #expect(server.requests.last?.bodyText.contains(#""content":"only stdin""#) == true)
        let (empty, _, stderr) = try await NatterProcess.run(["-p", "", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"], stdin: "  \n")
        #expect(empty == 64, "a usage error, as the README says")
        #expect(stderr.contains("Nothing to ask"))
    }

    @Test func modelsWithoutAProviderListsTheCurrentOnes() async throws {
        let server = try await Self.openAIServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["models"], home: home, environment: ["LOCAL_KEY": "k", "NATTER_PROVIDER": "local"])
        #expect(code == 0, "\(stderr)")
        #expect(stdout.contains("listed-model"), "the model list, not the file's fallback: \(stderr)")
        #expect(!stderr.contains("parsable argument"))
        let (jsonCode, json, _) = try await NatterProcess.run(["models", "--json"], home: home, environment: ["LOCAL_KEY": "k", "NATTER_PROVIDER": "local"])
        #expect(jsonCode == 0)
        #expect(json.contains(#""name":"listed-model""#))
        let (_, help, _) = try await NatterProcess.run(["models", "--help"], home: home)
        #expect(help.contains("--json"), "\(help)")
    }

    @Test func aConnectionDroppedBeforeAnyTextIsRetriedAndTheReplyArrives() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? ScriptedResponse.stream([]).then(.drop) : .stream(PipeModeTests.sse(["after", " the drop"]))
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "after the drop\n")
        #expect(server.requests.count == 2)
    }

    /// A local server whose file lists no models: the first model it lists is used; when the list fails,
    /// that is named as the reason to pass --model, not shown as the chat's own failure.
    @Test func anEmptyModelListPicksTheFirstListedOrSaysWhyNot() async throws {
        let listing = try await Self.openAIServer(["from the first model"])
        let noList = try await LoopbackServer.start { request, _ in
            request.path.hasSuffix("/models") ? .json(#"{"error":{"message":"slow down"}}"#, status: 429) : .stream(PipeModeTests.sse(["x"]))
        }
        defer { Task { await listing.stop(); await noList.stop() } }
        let home = try Scratch.home()
        for (name, server) in [("listing", listing), ("nolist", noList)] {
            try Scratch.provider(#"{ "name": "\#(name)", "engine": "openai", "host": "\#(server.url)/v1", "models": [], "retry": {"max_retries": 0} }"#, named: name, in: home)
        }
        let (code, stdout, _) = try await NatterProcess.run(["-p", "hi", "--provider", "listing"], home: home)
        #expect(code == 0)
        #expect(stdout == "from the first model\n")
        #expect(listing.requests.last?.bodyText.contains(#""model":"listed-model""#) == true)

        let (failed, _, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "nolist"], home: home)
        #expect(failed == 1)
        #expect(stderr.contains("no model chosen") && stderr.contains("pass --model") && stderr.contains("slow down"), "\(stderr)")
        #expect(noList.requests.allSatisfy { $0.path.hasSuffix("/models") }, "no chat request without a model")
    }

    @Test func anAnthropicServerAnsweringWithAWholeMessageIsShown() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"a whole message"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":3}}"#)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(#"{ "name": "lite", "engine": "anthropic", "host": "\#(server.url)", "models": [{"name": "claude-x"}] }"#, named: "lite", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "lite"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "a whole message\n")
    }
}

extension EverydayPipeTests {
    /// A question that never reached a model (nothing listens there) leaves no session behind; one a server
    /// refused (401) is kept, and marked in the list as having no reply.
    @Test func failedExchangesAreNotKeptOrAreMarked() async throws {
        let closed = try ClosedPort()
        let refusing = try await LoopbackServer.start { _, _ in .json(#"{"error":{"message":"bad key"}}"#, status: 401) }
        defer { Task { await refusing.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(#"{ "name": "nobody", "engine": "openai", "host": "\#(closed.url)/v1", "models": [{"name": "m"}], "retry": {"max_retries": 0} }"#, named: "nobody", in: home)
        try Scratch.provider(#"{ "name": "refusing", "engine": "openai", "host": "\#(refusing.url)/v1", "models": [{"name": "m"}] }"#, named: "refusing", in: home)
        let sessions = home + "/data/sessions"

        let (refused, _, stderr) = try await NatterProcess.run(["-p", "anyone there?", "--provider", "nobody"], home: home)
        #expect(refused == 1)
        #expect(stderr.contains("connection refused at \(closed.url)"), "\(stderr)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: sessions)) ?? []).filter { $0.hasSuffix(".jsonl") }
        #expect(files.isEmpty, "no session for a question that reached no model: \(files)")

        let (rejected, _, _) = try await NatterProcess.run(["-p", "let me in", "--provider", "refusing"], home: home)
        #expect(rejected == 1)
        let (listed, table, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed == 0)
        #expect(table.contains("let me in (failed: no reply)"), "\(table)")
        _ = closed
    }
}

extension EverydayPipeTests {
    /// Nothing set up, and no Ollama where natter falls back to: say what was tried and the ways to go on.
    @Test func aFirstRunSaysWhatWasTriedAndWhatToDo() async throws {
        let closed = try ClosedPort()
        let home = try Scratch.home()
        let (code, _, stderr) = try await NatterProcess.run(["-p", "hello"], home: home, environment: ["OLLAMA_HOST": closed.url])
        #expect(code == 1)
        #expect(stderr.contains("it tried Ollama at \(closed.url)"), "\(stderr)")
        #expect(stderr.contains("OPENAI_API_KEY") && stderr.contains("ollama serve") && stderr.contains("natter configure"))
        // With a provider chosen, the failure is that provider's alone: no first-run advice.
        let (_, _, chosen) = try await NatterProcess.run(["-p", "hello", "--provider", "ollama", "--model", "m"], home: home, environment: ["OLLAMA_HOST": closed.url])
        #expect(!chosen.contains("natter configure"), "\(chosen)")
        _ = closed
    }
}

/// The everyday-use points that live in the full-screen UI, in tmux.
@Suite(.serialized) struct EverydayUITests {
    static func start(_ arguments: [String], home: String, width: Int = 100, height: Int = 30, ready: String = "Enter send") async throws
        -> TmuxSession
    {
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: arguments), width: width, height: height)
        #expect(await tmux.wait(forText: ready))
        return tmux
    }

    /// natter started from an interactive bash (job control: Ctrl+Z can stop it and `fg` bring it back).
    static func natterInInteractiveBash(home: String, mode: [String] = []) async throws -> TmuxSession {
        let line = NatterCommand.line(home: home, arguments: mode + ["--provider", "ollama", "--model", "m"]).components(separatedBy: "; echo").first ?? ""
        let tmux = try TmuxSession("env -i PATH=/usr/bin:/bin HOME=\(NatterCommand.quote(home)) TERM=xterm-256color PS1='shell$ ' bash --norc -i")
        #expect(await tmux.wait(forText: "shell$"))
        try tmux.type(line)
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "Enter send"))
        return tmux
    }

    @Test func shellLineEditingKeysEditTheInput() async throws {
        let home = try Scratch.home()
        let tmux = try await Self.start(["--provider", "ollama", "--model", "m"], home: home)
        try tmux.type("alpha beta gamma")
        try tmux.send("C-a")
        try tmux.type(">")
        #expect(await tmux.wait(forText: "› >alpha beta gamma"))
        try tmux.send("C-e")
        try tmux.send("C-w")
        #expect(await tmux.wait { $0.contains { $0.hasSuffix("› >alpha beta") } }, "Ctrl+E then Ctrl+W: \(tmux.text)")
        try tmux.send("M-b")
        try tmux.type("[")
        #expect(await tmux.wait(forText: "› >alpha [beta"), "Alt+B moves a word back")
        try tmux.send("M-f")
        try tmux.type("]")
        #expect(await tmux.wait(forText: "› >alpha [beta]"), "Alt+F moves a word on: \(tmux.text)")
        try tmux.send("C-Left")
        try tmux.send("C-k")
        #expect(await tmux.wait { $0.contains { $0.hasSuffix("› >alpha [") } }, "Ctrl+Left then Ctrl+K: \(tmux.text)")
        try tmux.send("C-u")
        #expect(await tmux.wait { screen in !screen.joined().contains("alpha") }, "Ctrl+U deletes to the line's start")
        try tmux.type("not b")
        #expect(await tmux.wait(forText: "› not b"), "Alt+B typed nothing: \(tmux.text)")
    }

    @Test func ctrlCAndEscClearADraftIntoHistoryAndCtrlCOnAnEmptyInputQuits() async throws {
        let home = try Scratch.home()
        let tmux = try await Self.start(["--provider", "ollama", "--model", "m"], home: home)
        try tmux.type("line one")
        try tmux.send("C-j")
        try tmux.type("line two")
        try tmux.send("C-j")
        try tmux.type("line three")
        try tmux.send("C-c")
        #expect(await tmux.wait(forText: "draft cleared"))
        #expect(!FileManager.default.fileExists(atPath: home + "/exit.txt"), "still running")
        #expect(!tmux.text.contains("line three"))
        try tmux.send("Up")
        #expect(await tmux.wait(forText: "line three"), "the draft comes back from history")
        try tmux.send("Escape")
        #expect(await tmux.wait { !$0.joined().contains("line three") }, "Esc clears the input too")
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=0\n")
    }

    @Test func aFirstRunShowsHowToGetGoingInsteadOfAnEmptyTranscript() async throws {
        let closed = try ClosedPort()
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: [], environment: ["OLLAMA_HOST": closed.url]))
        #expect(await tmux.wait(forText: "natter has no provider set up yet"), "\(tmux.text)")
        #expect(tmux.text.contains("OPENAI_API_KEY") && tmux.text.contains("natter configure") && tmux.text.contains("Ctrl+P"))
        _ = closed
    }

    /// The picker opens on the model in use, even when its provider is far down a list of 30 built-ins.
    @Test func thePickerOpensOnTheModelInUse() async throws {
        let home = try Scratch.home()
        try Scratch.provider(#"{ "name": "zz-mine", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "first-model"}, {"name": "my-model"}] }"#, named: "zz-mine", in: home)
        let tmux = try await Self.start(["--provider", "zz-mine", "--model", "my-model"], home: home)
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "● my-model"), "the current model's row is on screen: \(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait { !$0.joined().contains("filter:") })
        #expect(tmux.screen().first?.contains("zz-mine · my-model") == true, "Enter at once keeps the model in use")
    }

    @Test func anUnknownProviderOrABrokenFileIsNamedOnTheStatusLine() async throws {
        let home = try Scratch.home()
        let unknown = try await Self.start(["--provider", "doesnotexist"], home: home, ready: "natter")
        #expect(await unknown.wait(forText: "no provider named \"doesnotexist\""), "\(unknown.text)")
        try Scratch.provider(#"{ "name": "broken", "engine": "openai", "host": "x", "models": [ }"#, named: "broken", in: home)
        let broken = try await Self.start(["--provider", "broken"], home: home, ready: "natter")
        #expect(await broken.wait(forText: "broken.json"), "\(broken.text)")
        #expect(!broken.text.contains("no model chosen"))
    }

    /// natter in an interactive bash: Ctrl+Z stops it and gives the prompt back, `fg` redraws it with the draft.
    /// In full screen and inline alike (issue 32, point 3).
    @Test(arguments: [[], ["--inline"]])
    func ctrlZSuspendsToTheShellAndFgComesBack(mode: [String]) async throws {
        let tmux = try await Self.natterInInteractiveBash(home: try Scratch.home(), mode: mode)
        try tmux.type("kept draft")
        try tmux.send("C-z")
        #expect(await tmux.wait { $0.joined(separator: "\n").contains("Stopped") }, "the shell says natter stopped: \(tmux.text)")
        try tmux.type("fg")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "› kept draft"), "redrawn with the draft: \(tmux.text)")
        #expect(!tmux.text.contains("› fg"), "fg went to the shell, not into natter's input")
    }

    /// Under a parent without job control (tmux running `sh -c 'natter; …'`), the kernel discards the stop:
    /// the status line says why instead of nothing happening (issue 29, point 3).
    @Test func ctrlZWithoutJobControlSaysWhy() async throws {
        let tmux = try await Self.start(["--provider", "ollama", "--model", "m"], home: try Scratch.home())
        try tmux.type("draft")
        try tmux.send("C-z")
        #expect(await tmux.wait(forText: "cannot suspend"), "\(tmux.text)")
        #expect(tmux.text.contains("› draft"), "the chat goes on as it was")
    }

    /// Text and Enter typed before natter's first frame are sent, not left as text and a line break (issue 29,
    /// point 2: the terminal was still cooking input and turned Enter's CR into LF).
    /// In every screen mode (inline and plain read the keyboard themselves).
    @Test(arguments: [[], ["--inline"], ["--plain"]])
    func typeaheadEnterSends(mode: [String]) async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["got it"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: mode + ["--provider", "one"]))
        try tmux.type("hello early")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "got it"), "\(tmux.text)")
        #expect(server.requests.first?.bodyText.contains("hello early") == true)
        if mode != ["--plain"] {  // (plain mode's prompt is a line of its own, printed again after the reply)
            #expect(await tmux.wait { $0.last { $0.hasPrefix("›") }?.trimmingCharacters(in: .whitespaces) == "›" }, "the input is empty: \(tmux.text)")
        }
    }

    @Test(arguments: [false, true])
    func aKilledPaneEndsNatterWithinASecond(suspended: Bool) async throws {
        let tmux = try await Self.natterInInteractiveBash(home: try Scratch.home())
        let shell = try #require(tmux.panePID)
        let natter = try #require(ProcessChildren.of(shell).first { ProcessChildren.name($0) == "natter" })
        if suspended {
            try tmux.send("C-z")
            #expect(await tmux.wait { $0.joined().contains("Stopped") })
        }
        try tmux.command("kill-pane", "-t", tmux.name)
        let deadline = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < deadline, kill(natter, 0) == 0, ProcessChildren.state(natter) != "Z" {
            try await Task.sleep(for: .milliseconds(20))
        }
        let alive = kill(natter, 0) == 0 && ProcessChildren.state(natter) != "Z"
        if alive { kill(natter, SIGKILL) }
        #expect(!alive, "natter outlived its terminal")
    }
}

/// A large bracketed paste: one chip in the input at once, typing goes on beside it, and the message sent
/// carries every byte of it.
@Suite(.serialized) struct LargePasteTests {
    @Test func aLargePasteBecomesAChipAndIsSentWhole() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["got it"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        // A window the 20,000 lines fit in: a message larger than the model's window is not sent (SPEC 11).
        try Scratch.provider(
            #"{ "name": "one", "engine": "openai", "host": "\#(server.url)/v1", "models": [ { "name": "m", "context_window": 1000000 } ], "retry": { "max_retries": 0 } }"#,
            named: "one", in: home)
        let lines = (0..<20_000).map { "log line \($0): value=\($0 * 7 % 1000) ü" }
        let file = home + "/paste.txt"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.type("look: ")
        try tmux.command("load-buffer", "-b", "big", file)
        try tmux.command("paste-buffer", "-p", "-b", "big", "-t", tmux.name)
        #expect(await tmux.wait(forText: "[pasted 20,000 lines,"), "\(tmux.text)")
        try tmux.type(" what is wrong?")
        #expect(await tmux.wait(forText: "what is wrong?"), "typing goes on beside the chip")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "got it"))
        let body = try #require(server.requests.last?.bodyText)
        let request = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let sent = (request?["messages"] as? [[String: Any]])?.last?["content"] as? String ?? ""
        #expect(sent == "look: " + lines.joined(separator: "\n") + "\n" + " what is wrong?", "every byte, in place, tmux's CRs as newlines")
    }
}

/// Pipe mode's smaller robustness points: JSON output that cannot steer a terminal, and finish reasons
/// recorded as the provider gave them.
@Suite struct PipeOutputRobustnessTests {
    @Test func jsonEscapesC1BidiAndTagCharacters() async throws {
        let hostile = "csi\u{9B}31m bidi\u{202E}txet tag\u{E0041}"
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse([hostile])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, stdout, _) = try await NatterProcess.run(["-p", "hi", "--provider", "local", "--json"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 0)
        #expect(!stdout.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E || $0.value == 0xE0041 }, "raw: \(stdout.debugDescription)")
        #expect(stdout.contains(#"\u009b"#) && stdout.contains(#"\u202e"#) && stdout.contains(#"\udb40\udc41"#))
        // The same text decodes back from the JSON: nothing lost, only escaped.
        let line = try #require(stdout.split(separator: "\n").first { $0.contains(#""type":"text""#) })
        let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(event?["text"] as? String == hostile)
    }

    @Test func aContentFilterFinishIsRecordedAsSuch() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream(["data: {\"choices\":[{\"delta\":{\"content\":\"I can\"}}]}\n\n", "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"content_filter\"}]}\n\n", "data: [DONE]\n\n"])
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, _, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 1)
        #expect(stderr.contains("content filter"))
        let saved = ChatUITests.transcriptRecords(home).joined(separator: "\n")
        #expect(saved.contains(#""finish":"content_filter""#), "\(saved)")
    }
}

/// The built-in LiteLLM proxy sends its master key when one is set, and nothing when none is.
@Suite struct LiteLLMKeyTests {
    @Test func theKeyIsSentOnlyWhenItsVariableIsSet() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["proxied"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        let base = ["LITELLM_HOST": server.url]
        let (without, _, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "litellm", "--model", "m"], home: home, environment: base)
        #expect(without == 0, "\(stderr)")
        #expect(server.requests.last?.header("Authorization") == nil, "no key set, none sent")
        let (with, _, _) = try await NatterProcess.run(
            ["-p", "hi", "--provider", "litellm", "--model", "m"], home: home, environment: base.merging(["LITELLM_API_KEY": "sk-master"]) { $1 })
        #expect(with == 0)
        #expect(server.requests.last?.header("Authorization") == "Bearer sk-master")
        let (_, table, _) = try await NatterProcess.run(["providers"], home: home, environment: base)
        #expect(table.split(separator: "\n").contains { $0.hasPrefix("litellm ") && $0.hasSuffix("ready") }, "ready without a key: \(table)")
    }
}
