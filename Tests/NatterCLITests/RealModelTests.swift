import Foundation
import NatterTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// natter against a real model (issue 31): llama.cpp's own server running SmolLM2-135M-Instruct with a 2,048-token
/// context, both made by `scripts/ensure-real-model` (which `bash scripts/test` runs). No provider file is written:
/// the built-in `llamacpp` provider, pointed at the server by `LLAMACPP_HOST` as a person would, finds the model
/// and learns its window from the server. Assertions are on what natter does (exit codes, the screen, the saved
/// transcript), never on what the model says.
@Suite(.serialized) struct RealModelTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repository.appendingPathComponent(".build/test-tools/real-model").path
    static let window = 2048
    /// A real model on a CPU shared with the rest of the suite (the benchmark's quick run among it) is slow: a
    /// summary of 1,800 tokens took over the usual 30 s in CI. The limit catches a hang, not slowness.
    static let patience = Duration.seconds(240)

    /// A server of the real model for one test, with natter's home and environment beside it.
    struct Setup {
        var server: LlamaServer
        var home: String
        var environment: [String: String]
    }

    static func setUp() async throws -> Setup {
        let executable = folder + "/llama-server"
        try #require(FileManager.default.isExecutableFile(atPath: executable), "llama-server is missing: `bash scripts/test` makes it (scripts/ensure-real-model)")
        let server = try await LlamaServer.start(executable: executable, model: folder + "/SmolLM2-135M-Instruct.Q4_1.gguf", context: window)
        return Setup(server: server, home: try Scratch.home(), environment: ["LLAMACPP_HOST": server.url + "/v1"])
    }

    static func transcripts(in home: String) -> [String] {
        let folder = home + "/data/sessions"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") }.map { folder + "/" + $0 }
    }

    static func records(_ path: String) -> [[String: Any]] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @Test func pipeModeFindsTheModelAndItsWindowWithNoFileWritten() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let (listed, models, why) = try await NatterProcess.run(["models", "llamacpp", "--json"], home: setup.home, environment: setup.environment, timeout: Self.patience)
        #expect(listed == 0, "\(why)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(models.utf8)) as? [String: Any], "\(models)")
        #expect((model["name"] as? String)?.hasSuffix("SmolLM2-135M-Instruct.Q4_1.gguf") == true)
        #expect(model["context_window"] as? Int == Self.window, "the window the server runs with, learned from it")

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "Say hello.", "--provider", "llamacpp", "--max-tokens", "24"], home: setup.home, environment: setup.environment, timeout: Self.patience)
        #expect(!stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "a reply was streamed")
        let saved = try #require(Self.transcripts(in: setup.home).first)
        let reply = try #require(Self.records(saved).last { $0["role"] as? String == "assistant" })
        // The model ends when it will: by itself (exit 0), or at the 24 tokens asked for (exit 3, a cut reply).
        let finish = reply["finish"] as? String
        #expect((code == 0 && finish == "stop") || (code == 3 && finish == "length"), "exit \(String(describing: code)), \(String(describing: finish)): \(stderr)")
        #expect(reply["provider"] as? String == "llamacpp" && (reply["model"] as? String)?.hasSuffix(".gguf") == true, "the full id is kept")
    }

    /// A message larger than the window the server said is refused before it is sent or saved.
    @Test func aMessageLargerThanTheWindowIsNotSent() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let long = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 300)  // about 3,400 tokens
        let (code, _, stderr) = try await NatterProcess.run(["-p", long, "--provider", "llamacpp"], home: setup.home, environment: setup.environment, timeout: Self.patience)
        #expect(code == 1)
        #expect(stderr.contains("2,048"), "the window is said: \(stderr)")
        #expect(Self.transcripts(in: setup.home).isEmpty, "nothing saved")
    }

    /// A conversation that outgrows the window is summarized in requests that fit it, and goes on.
    @Test func aLongConversationIsCompactedWithinTheWindow() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let paragraph = String(repeating: "Tapirs are large herbivorous mammals that live in forests. ", count: 40)  // about 600 tokens
        for turn in 0..<4 {
            let arguments = (turn == 0 ? [] : ["-c"]) + ["-p", paragraph + "Answer in one word.", "--provider", "llamacpp", "--max-tokens", "16"]
            let (code, _, stderr) = try await NatterProcess.run(arguments, home: setup.home, environment: setup.environment, timeout: Self.patience)
            // Answered, by itself (exit 0) or cut at the 16 tokens asked for (exit 3), never failed.
            #expect(code == 0 || code == 3, "turn \(turn): \(stderr)")
        }
        let saved = try #require(Self.transcripts(in: setup.home).first)
        let records = Self.records(saved)
        #expect(records.contains { $0["type"] as? String == "compaction" }, "a summary stands in for the oldest turns")
        let finishes = records.filter { $0["role"] as? String == "assistant" }.map { $0["finish"] as? String ?? "" }
        #expect(finishes.count == 4 && finishes.allSatisfy { $0 == "stop" || $0 == "length" }, "every turn answered: \(finishes)")
    }

    /// The chat: the header says the window learned from the server, and a reply streams onto the screen.
    @Test func theChatShowsTheWindowAndStreamsAReply() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        // A reply of at most 24 tokens, so that its label stays on screen: the model once went on to the window's end.
        let tmux = try TmuxSession(
            NatterCommand.line(home: setup.home, arguments: ["--provider", "llamacpp", "--max-tokens", "24"], environment: setup.environment))
        #expect(await tmux.wait(forText: "/2.0k", timeout: .seconds(30)), "\(tmux.text)")
        #expect(await tmux.wait(forText: "SmolLM2-135M-Instruct.Q4_1"), "the model by its short name: \(tmux.text)")
        try tmux.type("Say hello.")
        try tmux.send("Enter")
        // The reply under its label (the model by its short name), text below it, and the chat's own keys on the
        // status line again once it has ended.
        #expect(await tmux.wait(timeout: .seconds(60)) { screen in
            guard let label = screen.lastIndex(where: { $0.contains("llamacpp · SmolLM2-135M-Instruct.Q4_1") && !$0.contains("natter │") }),
                label + 1 < screen.count
            else { return false }
            return !screen[label + 1].trimmingCharacters(in: .whitespaces).isEmpty && screen.last?.contains("Enter send") == true
        }, "\(tmux.text)")
        #expect(!tmux.text.contains(".gguf"), "no whole path on screen: \(tmux.text)")
        try tmux.send("C-d")
    }
}

/// llama.cpp's `llama-server` on a free loopback port, one slot of `context` tokens, ready when `/health` says so.
final class LlamaServer: Sendable {
    let url: String
    private let process: Process

    private init(url: String, process: Process) {
        self.url = url
        self.process = process
    }

    static func start(executable: String, model: String, context: Int) async throws -> LlamaServer {
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--model", model, "--ctx-size", "\(context)", "--parallel", "1", "--host", "127.0.0.1", "--port", "\(port)", "--threads", "2",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.runWithDefaultSignals()
        let server = LlamaServer(url: "http://127.0.0.1:\(port)", process: process)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, process.isRunning {
            if await server.isHealthy() { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "llama-server did not become ready"])
    }

    private func isHealthy() async -> Bool {
        guard let (_, response) = try? await URLSession.shared.data(from: URL(string: url + "/health")!) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    /// Synchronous, for a `defer`: a stop left to a Task may never run before the test process exits, and the
    /// server then goes on using a core after the tests (seen: two left running).
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(3)
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
