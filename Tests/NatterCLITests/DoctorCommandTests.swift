import Foundation
import NatterTestSupport
import Testing

/// `natter doctor` through the real binary: providers with and without their key, a broken provider file, MCP
/// servers that start and fail, a sessions folder others can read, `--check` against a server on 127.0.0.1,
/// and `--json` saying the same — with the key never printed.
@Suite(.serialized) struct DoctorCommandTests {
    static let secret = "sk-doctor-0f3a9c1e7b5d2468ace13579"

    /// Every local server's address points at a port where nothing listens, so that a server running on the
    /// machine that runs the tests cannot change what doctor finds.
    static func environment(closed: ClosedPort, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["TERM": "xterm-256color"]
        for variable in ["OLLAMA_HOST", "LMSTUDIO_HOST", "LLAMACPP_HOST", "VLLM_HOST", "JAN_HOST", "LOCALAI_HOST"] {
            environment[variable] = closed.url
        }
        return environment.merging(extra) { $1 }
    }

    /// A line of the text report, its runs of spaces made one.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    static func findings(_ json: String) throws -> (document: [String: Any], findings: [[String: Any]]) {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (document, try #require(document["findings"] as? [[String: Any]]))
    }

    static func expectNoSecret(_ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let encoded = Data(secret.utf8).base64EncodedString()
        for text in texts {
            #expect(!text.contains(secret) && !text.contains(encoded) && !text.contains(String(secret.dropFirst(3))), sourceLocation: sourceLocation)
        }
    }

    @Test func reportsProvidersServersAndFoldersWithWhatToFixAndNeverTheKey() async throws {
        let server = try await LoopbackServer.start { request, _ in
            if request.path.hasPrefix("/echo") {
                // A server that quotes the key back in its error, as some do.
                let key = request.headers.first { $0.0.lowercased() == "authorization" }?.1 ?? ""
                return .json(#"{"error": {"message": "invalid key \#(key) (\#(Data(key.utf8).base64EncodedString()))"}}"#, status: 401)
            }
            guard request.path == "/v1/models" else { return .json("{}", status: 404) }
            return .json(#"{"object": "list", "data": [{"id": "m-one"}, {"id": "m-two"}, {"id": "m-three"}]}"#)
        }
        defer { Task { await server.stop() } }
        let closed = try ClosedPort()
        let home = try Scratch.home()
        func provider(_ name: String, host: String, key: String) throws {
            try Scratch.provider(
                """
                { "name": "\(name)", "engine": "openai", "host": "\(host)", "models": [],
                  "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer ${\(key)}" },
                  "retry": { "max_retries": 0 } }
                """, named: name, in: home)
        }
        try provider("cloud", host: server.url + "/v1", key: "DOCTOR_CLOUD_KEY")
        try provider("echoer", host: server.url + "/echo/v1", key: "DOCTOR_CLOUD_KEY")
        try provider("keyless", host: closed.url + "/v1", key: "DOCTOR_MISSING_KEY")
        try Scratch.provider("{ \"name\": \"broken\", \"engine\": ", named: "broken", in: home)
        let servers = MCPTestServers.file([
            ("kit", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted])),
            ("gone", MCPTestServers.stdioEntry("natter-no-such-server")),
        ])
        try Data(servers.utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let sessions = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        chmod(sessions, 0o755)
        let environment = Self.environment(closed: closed, ["DOCTOR_CLOUD_KEY": Self.secret])

        let (quietCode, quiet, quietErr) = try await NatterProcess.run(["doctor"], home: home, environment: environment)
        #expect(quietCode == 1, "\(quietErr)")
        #expect(server.requests.isEmpty, "without --check no provider is asked anything")
        #expect(Self.lines(quiet).contains("ok cloud: ready, key from DOCTOR_CLOUD_KEY"), "\(quiet)")
        Self.expectNoSecret(quiet, quietErr)

        let (code, stdout, stderr) = try await NatterProcess.run(["doctor", "--check"], home: home, environment: environment)
        #expect(code == 1, "something needs fixing: \(stderr)")
        Self.expectNoSecret(stdout, stderr)
        let lines = Self.lines(stdout)
        #expect(lines.contains("Providers") && lines.contains("MCP servers") && lines.contains("Folders") && lines.contains("Local servers"))
        #expect(lines.contains("ok natter would use: cloud, chosen by being the first whose key is set"), "\(stdout)")
        #expect(lines.contains("ok cloud: ready, key from DOCTOR_CLOUD_KEY; answers with 3 models"), "\(stdout)")
        #expect(lines.contains { $0.hasPrefix("FIX echoer: ready, key from DOCTOR_CLOUD_KEY, but asked for its models: authentication failed (HTTP 401)") })
        #expect(lines.contains("to fix: check the key in DOCTOR_CLOUD_KEY"))
        #expect(lines.contains("FIX keyless: no key: DOCTOR_MISSING_KEY is not set"))
        #expect(lines.contains("to fix: export DOCTOR_MISSING_KEY=… (the key), e.g. in your shell's startup file"))
        #expect(lines.contains("note openai: no key: OPENAI_API_KEY is not set"), "a built-in without its key is only a note")
        #expect(lines.contains("FIX broken.json: invalid provider file \(home)/config/providers/broken.json: not valid JSON"), "\(stdout)")
        // As many tools as `natter mcp tools` lists for the server.
        let (_, tools, _) = try await NatterProcess.run(["mcp", "tools", "kit"], home: home, environment: environment)
        let toolCount = tools.split(separator: "\n").count
        #expect(toolCount > 1)
        #expect(lines.contains("ok kit: stdio, ready: \(toolCount) tools"), "\(stdout)")
        #expect(lines.contains { $0.hasPrefix("FIX gone: stdio, failed: cannot start \"natter-no-such-server\"") })
        #expect(lines.contains("FIX sessions folder: \(sessions), a folder, mode 0755: others on this machine can get in (it should be 0700)"))
        #expect(lines.contains("to fix: chmod 700 \(sessions)"))
        #expect(lines.contains("note ollama: not running (tried \(closed.url)/api/tags)"), "\(stdout)")
        #expect(lines.contains("note llamacpp: not running (tried \(closed.url)/v1/models)"))
        #expect(lines.contains("ok TERM: xterm-256color: xterm-like, so mouse wheel and bracketed paste are expected to work"))
        #expect(lines.last == "5 things to fix (marked FIX).", "\(stdout)")
        let asked = server.requests.filter { $0.path == "/v1/models" }
        #expect(asked.count == 1 && asked[0].headers.contains { $0.0.lowercased() == "authorization" && $0.1 == "Bearer \(Self.secret)" })

        let (jsonCode, json, jsonErr) = try await NatterProcess.run(["doctor", "--check", "--json"], home: home, environment: environment)
        #expect(jsonCode == 1, "\(jsonErr)")
        Self.expectNoSecret(json, jsonErr)
        #expect(json.hasSuffix("}\n") && json.split(separator: "\n").count == 1, "one JSON object on one line")
        let (document, findings) = try Self.findings(json)
        func finding(_ section: String, _ subject: String) -> [String: Any]? {
            findings.first { $0["section"] as? String == section && $0["subject"] as? String == subject }
        }
        #expect(document["ok"] as? Bool == false)
        #expect(document["problems"] as? Int == 5)
        #expect(finding("providers", "cloud")?["verdict"] as? String == "ok")
        #expect((finding("providers", "cloud")?["detail"] as? String)?.hasSuffix("answers with 3 models") == true)
        #expect(finding("providers", "keyless")?["verdict"] as? String == "problem")
        #expect((finding("providers", "keyless")?["fix"] as? [String])?.first?.hasPrefix("export DOCTOR_MISSING_KEY=") == true)
        #expect(finding("providers", "broken.json")?["verdict"] as? String == "problem")
        #expect(finding("mcp", "kit")?["detail"] as? String == "stdio, ready: \(toolCount) tools")
        #expect(finding("mcp", "gone")?["verdict"] as? String == "problem")
        #expect(finding("folders", "sessions folder")?["verdict"] as? String == "problem")
        #expect(finding("local_servers", "ollama")?["detail"] as? String == "not running (tried \(closed.url)/api/tags)")
        // The same findings as the text, each in its words. The terminal's are left out: they are read from `tput`
        // afresh in each of the two runs, and a loaded machine once gave the two runs different answers.
        for entry in findings where entry["section"] as? String != "terminal" {
            let subject = try #require(entry["subject"] as? String)
            let detail = try #require(entry["detail"] as? String)
            #expect(Self.lines(stdout).contains { $0.hasSuffix(Self.lines(subject + ": " + detail).first ?? "-") }, "\(subject): \(detail)")
        }
    }

    @Test func withNothingConfiguredItSaysWhatToDoFirst() async throws {
        let closed = try ClosedPort()
        let home = try Scratch.home()

        let (code, stdout, stderr) = try await NatterProcess.run(["doctor"], home: home, environment: Self.environment(closed: closed))

        #expect(code == 1, "\(stderr)")
        let lines = Self.lines(stdout)
        #expect(lines.contains("FIX natter would use: nothing: no provider is set up, and Ollama at \(closed.url) does not answer"), "\(stdout)")
        #expect(lines.contains("to fix: To start, do one of these:"))
        #expect(lines.contains { $0.hasPrefix("- set a provider's key, e.g. export OPENAI_API_KEY=") })
        #expect(lines.contains { $0.hasPrefix("- start Ollama (`ollama serve`)") })
        #expect(lines.contains { $0.hasPrefix("- run `natter configure`") })
        #expect(lines.contains { $0.hasPrefix("note mcp.json: no MCP servers (they are optional)") })
        #expect(lines.contains("note data folder: \(home)/data does not exist yet (natter makes it when it first needs it)"))
        #expect(lines.last == "1 thing to fix (marked FIX).")
    }

    @Test func localServersThatAnswerAreRunningWithTheirModelsAndOllamaIsEnough() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/api/tags": return .json(#"{"models": [{"name": "llama3.2:latest"}, {"name": "qwen3:4b"}]}"#)
            case "/v1/models": return .json(#"{"object": "list", "data": [{"id": "local-model"}]}"#)
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let closed = try ClosedPort()
        let home = try Scratch.home()
        let environment = Self.environment(closed: closed, ["OLLAMA_HOST": server.url, "LMSTUDIO_HOST": server.url + "/v1"])

        let (code, stdout, stderr) = try await NatterProcess.run(["doctor"], home: home, environment: environment)

        #expect(code == 0, "nothing set up, but Ollama answers: \(stdout)\(stderr)")
        let lines = Self.lines(stdout)
        #expect(lines.contains("ok ollama: running at \(server.url)/api/tags (2 models)"), "\(stdout)")
        #expect(lines.contains("ok lmstudio: running at \(server.url)/v1/models (1 model)"))
        #expect(lines.contains("note vllm: not running (tried \(closed.url)/v1/models)"))
        #expect(lines.contains("ok natter would use: ollama, running here (no provider chosen and no key set)"))
    }

    @Test func aHealthySetupExitsZeroAndATerminalProblemIsNamed() async throws {
        let closed = try ClosedPort()
        let home = try Scratch.home()
        try Scratch.provider(
            """
            { "name": "cloud", "engine": "openai", "host": "\(closed.url)/v1", "models": [ { "name": "m" } ],
              "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer ${DOCTOR_CLOUD_KEY}" } }
            """, named: "cloud", in: home)
        let environment = Self.environment(closed: closed, ["DOCTOR_CLOUD_KEY": Self.secret])

        let (code, stdout, stderr) = try await NatterProcess.run(["doctor"], home: home, environment: environment)
        #expect(code == 0, "\(stdout)\(stderr)")
        #expect(Self.lines(stdout).last == "Nothing to fix.")
        let (jsonCode, json, _) = try await NatterProcess.run(["doctor", "--json"], home: home, environment: environment)
        #expect(jsonCode == 0)
        #expect(try Self.findings(json).document["ok"] as? Bool == true)
        Self.expectNoSecret(stdout, stderr, json)

        let (unknownCode, unknown, _) = try await NatterProcess.run(
            ["doctor"], home: home, environment: environment.merging(["TERM": "no-such-terminal-type"]) { $1 })
        #expect(unknownCode == 1)
        #expect(Self.lines(unknown).contains("FIX colours: terminfo does not know TERM=no-such-terminal-type: curses cannot start the full-screen UI"), "\(unknown)")
    }
}
