import Foundation
import NatterTestSupport
import Testing

/// An API key given in the environment goes to the provider and nowhere else: not to a transcript, the
/// index, the config, a log, standard output or error, nor the screen — even when the provider echoes it
/// back in an error.
@Suite(.serialized) struct ResilienceSecretTests {
    /// Distinctive, and new each run: any trace of "PLANTED" anywhere is a leak.
    static let key = "sk-test-PLANTED-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")

    /// A server that echoes the key back in every way a careless provider might.
    static func echoingServer() async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            let sent = request.header("Authorization") ?? "none"
            if request.path.hasSuffix("/models") {
                return .json(#"{"error":{"message":"Invalid key \#(sent)"}}"#, status: 401)
            }
            // The whole history goes with every request: only the newest question says what to do (questions
            // around a failed reply go as one message, the newest last).
            let messages = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])?["messages"] as? [[String: Any]]
            let body = (messages?.last?["content"] as? String ?? "").components(separatedBy: "\n\n").last ?? ""
            if body.contains("unauthorized") {
                return .json(#"{"error":{"message":"Incorrect API key provided: \#(sent.dropFirst("Bearer ".count)). Header was: \#(sent)"}}"#, status: 401)
            }
            if body.contains("server-error") {
                // The key straddles the point where a long message is cut short for display.
                let padding = String(repeating: "x", count: 260)
                return .json(#"{"error":{"message":"\#(padding) \#(sent.dropFirst("Bearer ".count)) trailing words"}}"#, status: 500)
            }
            if body.contains("stream-error") {
                return .stream(["data: {\"error\":{\"message\":\"upstream rejected \(sent)\"}}\n\n"])
            }
            return .stream(PipeModeTests.sse(["a safe ", "answer"]))
        }
    }

    static func provider(_ server: LoopbackServer) -> String {
        """
        { "name": "keyed", "engine": "openai", "host": "\(server.url)/v1",
          "models": [ { "name": "model-k", "context_window": 8192 } ],
          "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer ${KEYED_API_KEY}" },
          "retry": { "max_retries": 0 } }
        """
    }

    @Test func aPlantedKeyAppearsNowhereNatterWrites() async throws {
        let server = try await Self.echoingServer()
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.provider(server), named: "keyed", in: home)
        let environment = ["KEYED_API_KEY": Self.key]
        var outputs: [String: String] = [:]

        let runs: [(name: String, arguments: [String], expected: Int32)] = [
            ("401", ["-p", "unauthorized", "--provider", "keyed"], 1),
            ("500", ["-p", "server-error", "--provider", "keyed"], 1),
            ("error event", ["-p", "stream-error", "--provider", "keyed"], 1),
            ("chat", ["-p", "hello", "--provider", "keyed"], 0),
            ("json chat", ["-p", "hello", "--provider", "keyed", "--json"], 0),
            ("json 401", ["-p", "unauthorized", "--provider", "keyed", "--json"], 1),
            ("json 500", ["-p", "server-error", "--provider", "keyed", "--json"], 1),
            ("providers", ["providers", "--json"], 0),
            ("providers table", ["providers"], 0),
            ("models", ["models", "keyed", "--json"], 0),
        ]
        for run in runs {
            let (code, stdout, stderr) = try await NatterProcess.run(run.arguments, home: home, environment: environment)
            #expect(code == run.expected, "\(run.name): stderr \(stderr)")
            outputs["\(run.name) stdout"] = stdout
            outputs["\(run.name) stderr"] = stderr
        }
        #expect(outputs["401 stderr"]?.contains("authentication") == true, "the error itself is still told")
        #expect(outputs["500 stderr"]?.contains("server") == true)

        let line = NatterCommand.line(home: home, arguments: ["--provider", "keyed"], environment: environment)
        let tmux = try TmuxSession(line)
        #expect(await tmux.wait(forText: "Enter send"))
        try ChatUITests.ask(tmux, "unauthorized")
        #expect(await tmux.wait(forText: "authentication"))
        try ChatUITests.ask(tmux, "server-error")
        #expect(await tmux.wait(forText: "HTTP 500"), "\(tmux.text)")
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "filter:"))
        try tmux.send("Escape")
        try ChatUITests.ask(tmux, "hello")
        #expect(await tmux.wait(forText: "a safe answer"), "\(tmux.text)")
        outputs["screen"] = tmux.text
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })

        // The key did go where it belongs.
        #expect(server.requests.contains { $0.header("Authorization") == "Bearer \(Self.key)" })
        for (name, text) in outputs {
            #expect(!text.contains("PLANTED"), "\(name) leaks the key: \(text)")
        }
        let written = Self.files(under: home)
        #expect(written.contains { $0.hasSuffix(".jsonl") }, "transcripts were written, so the search means something")
        for path in written {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            #expect(data.range(of: Data("PLANTED".utf8)) == nil, "\(path) leaks the key")
        }

        let sessions = home + "/data/sessions"
        #expect(Self.mode(of: sessions) == 0o700, "sessions folder is private")
        for file in try FileManager.default.contentsOfDirectory(atPath: sessions) where file.hasSuffix(".jsonl") {
            #expect(Self.mode(of: sessions + "/" + file) == 0o600, "\(file) is private")
        }
    }

    static func files(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.map { folder + "/" + $0 }.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    static func mode(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
    }
}
