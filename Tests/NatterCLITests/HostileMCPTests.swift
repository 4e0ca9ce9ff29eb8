import Foundation
import NatterTestSupport
import Testing

/// MCP servers that attack natter (issue 28): floods of notifications and requests, tool names that collide once
/// cleaned, a server that echoes its credentials back, one slow to start. Each runs the real binary against
/// `Tests/Fixtures/mcp/hostile_server.py`; memory is read from /proc of the running natter.
@Suite(.serialized) struct HostileMCPTests {
    static var hostile: String { MCPTestServers.repository + "/Tests/Fixtures/mcp/hostile_server.py" }

    static func entry(_ mode: String, extra: String = "") -> String {
        MCPTestServers.stdioEntry(MCPTestServers.python, [hostile, mode], extra: extra)
    }

    /// The natter process whose data folder is `home`'s (its environment names it).
    static func natterPID(home: String) -> Int32? {
        let wanted = Data("NATTER_DATA_DIR=\(home)/data".utf8)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), let comm = try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8),
                comm.hasPrefix("natter"), let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            if environment.split(separator: 0).contains(where: { Data($0) == wanted }) { return pid }
        }
        return nil
    }

    /// VmRSS of a process, in MB; nil once it is gone.
    static func residentMegabytes(_ pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    // MARK: floods

    /// A stdio server flooding `list_changed`, or `ping` requests whose answers it reads or never reads, and an
    /// HTTP server whose GET stream floods `list_changed`: natter stays under 100 MB, answers keys, and quits at once.
    @Test(arguments: ["flood-list-changed", "flood-ping-unread", "flood-ping-read", "http flood-list-changed"])
    func aFloodingServerKeepsNatterSmallAndQuitInstant(mode: String) async throws {
        let server = try await LoopbackServer.start { _, index in .stream(ChatUITests.sse(["reply \(index)"])) }
        defer { Task { await server.stop() } }
        var mcp: (String, String)
        var httpServer: Process?
        if mode.hasPrefix("http ") {
            let (process, port) = try Self.startHTTP(String(mode.dropFirst(5)))
            httpServer = process
            mcp = ("flood", "{\"url\": \"http://127.0.0.1:\(port)/mcp\"}")
        } else {
            mcp = ("flood", Self.entry(mode))
        }
        defer { httpServer?.terminate() }
        let (home, tmux) = try await ToolUITests.open(server, mcp: [mcp])
        let pid = try #require(Self.natterPID(home: home))
        // Six seconds of flood, sampled every 100 ms.
        var largest = 0.0
        let deadline = ContinuousClock.now + .seconds(6)
        while ContinuousClock.now < deadline {
            largest = max(largest, Self.residentMegabytes(pid) ?? 0)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(largest < 100, "natter's RSS reached \(largest) MB under \(mode)")
        // Still answering keys.
        try tmux.type("still here")
        #expect(await tmux.wait(forText: "still here"), "\(tmux.text)")
        if mode == "flood-ping-unread" {
            try tmux.send("F4")
            #expect(await tmux.wait(forText: "disconnected"), "the server is disconnected with the reason: \(tmux.text)")
            try tmux.send("F4")
        }
        try tmux.send("C-u")
        let quit = ContinuousClock.now
        try tmux.send("C-d")
        #expect(await tmux.wait(timeout: .seconds(3)) { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") }, "quit within 3 s")
        #expect(ContinuousClock.now - quit < .seconds(3))
    }

    /// The hostile server over Streamable HTTP on a free port, once it says it listens.
    static func startHTTP(_ mode: String, environment: [String: String] = [:]) throws -> (Process, Int) {
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MCPTestServers.python)
        process.arguments = [hostile, mode, "http", "\(port)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.runWithDefaultSignals()
        // The first line is `listening PORT`, written once the socket accepts connections.
        let handle = output.fileHandleForReading
        var line = Data()
        while !line.contains(0x0A) {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("listening"))
        return (process, port)
    }

    // MARK: names and approval

    /// Server `zz` names its tools `srv__echo` and `srv`, beside a server named `srv`; within one server,
    /// `git_status`, `git.status` and `git_status_2`. Approval is of a (server, tool) pair, never a spelling.
    @Test func approvalMatchesAServerAndToolPairNeverASpelling() async throws {
        let home = try Scratch.home()
        try Data(MCPTestServers.file([("srv", Self.entry("collide")), ("zz", Self.entry("collide"))]).utf8)
            .write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let (code, listing, _) = try await NatterProcess.run(["mcp", "tools", "zz"], home: home)
        #expect(code == 0)
        let names = listing.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("zz__") }
        #expect(Set(names).count == 5, "five tools, five names: \(listing)")
        #expect(names.contains("zz__srv__echo") && names.contains("zz__srv") && names.contains("zz__git_status") && names.contains("zz__git_status_2"))
        let dotted = try #require(names.first { $0.hasPrefix("zz__git_status_") && $0 != "zz__git_status_2" }, "git.status has a name of its own: \(names)")

        // Each call: which tool the model calls, what --approve says, and whether it ran.
        let cases: [(call: String, approve: String, runs: String?)] = [
            ("zz__srv__echo", "srv__echo", nil),  // meant: server srv's echo; not zz's tool of that spelling
            ("zz__srv", "srv", nil),  // srv is a server's name: it approves that server's tools only
            ("srv__srv", "srv", "ran srv"),
            (dotted, "zz__git_status_2", nil),  // git.status is not git_status_2
            ("zz__git_status_2", "zz__git_status_2", "ran git_status_2"),
            (dotted, dotted, "ran git.status"),
            ("zz__git_status", "git_status", "ran git_status"),  // a tool's own name, unambiguous
        ]
        for (call, approve, runs) in cases {
            let server = try await LoopbackServer.start { _, index in
                index == 0 ? .stream(ToolLoopPipeTests.openAIToolCall(id: "c1", name: call, arguments: "{}")) : .stream(ChatUITests.sse(["done"]))
            }
            defer { Task { await server.stop() } }
            try Scratch.provider(ToolLoopPipeTests.openAIProvider(server), named: "local", in: home)
            let (code, _, stderr) = try await NatterProcess.run(
                ["-p", "go", "--provider", "local", "--approve", approve, "--no-save"], home: home, withoutTerminal: true)
            #expect(code == 0, "\(stderr)")
            let result = server.requests.count > 1 ? server.requests[1].bodyText : ""
            if let runs {
                #expect(result.contains(runs), "\(call) with --approve \(approve) runs: \(result)")
            } else {
                #expect(result.contains("The person declined"), "\(call) with --approve \(approve) is declined: \(result)")
                #expect(stderr.contains("--approve \(call)"), "the hint names the offered name: \(stderr)")
            }
        }
    }

    // MARK: secrets

    /// A Streamable HTTP server that echoes its configured Authorization value in a tool's description, its
    /// result, a JSON-RPC error and a 500 body: none of it reaches the screen, stderr, a model or a transcript.
    @Test func anHTTPServersHeaderSecretNeverLeaves() async throws {
        let secret = "sk-mcp-SECRET-abc123-elan"
        let (process, port) = try Self.startHTTP("echo-secret")
        defer { process.terminate() }
        let home = try Scratch.home()
        let header = "{\"Authorization\": \"Bearer ${MCP_TOKEN}\"}"
        let failing = "{\"Authorization\": \"Bearer ${MCP_TOKEN}\", \"X-Fail\": \"500\"}"
        try Data(MCPTestServers.file([
            ("leaky", "{\"url\": \"http://127.0.0.1:\(port)/mcp\", \"headers\": \(header)}"),
            ("broken", "{\"url\": \"http://127.0.0.1:\(port)/mcp\", \"headers\": \(failing)}"),
        ]).utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let environment = ["MCP_TOKEN": secret]
        let forms = [secret, "sk-mcp-SECRET-abc123", Data(secret.utf8).base64EncodedString()]

        // The server that answers 500 with the header in its body: its failure is said without it.
        let (_, status, statusErr) = try await NatterProcess.run(["mcp"], home: home, environment: environment)
        #expect(status.contains("broken") && (status + statusErr).contains("500"), "\(status) \(statusErr)")
        for form in forms { #expect(!status.contains(form) && !statusErr.contains(form), "natter mcp: \(status) \(statusErr)") }

        let (_, listed, listedErr) = try await NatterProcess.run(["mcp", "tools"], home: home, environment: environment)
        #expect(listed.contains("leaky__leak"), "\(listed) \(listedErr)")
        for form in forms { #expect(!listed.contains(form) && !listedErr.contains(form), "natter mcp tools: \(listed)") }

        let server = try await LoopbackServer.start { _, index in
            switch index {
            case 0: return .stream(ToolLoopPipeTests.openAIToolCall(id: "c1", name: "leaky__leak", arguments: "{}"))
            case 1: return .stream(ToolLoopPipeTests.openAIToolCall(id: "c2", name: "leaky__fail", arguments: "{}"))
            default: return .stream(ChatUITests.sse(["done"]))
            }
        }
        defer { Task { await server.stop() } }
        try Scratch.provider(ToolLoopPipeTests.openAIProvider(server), named: "local", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "go", "--provider", "local", "--approve", "all", "--json"], home: home, environment: environment)
        #expect(code == 0, "\(stderr)")
        #expect(server.requests.count == 3)
        let sentToModel = server.requests.map(\.bodyText).joined()
        #expect(sentToModel.contains("[redacted]"), "the results say something was taken out: \(sentToModel)")
        let transcripts = ChatUITests.transcriptLines(home).joined(separator: "\n")
        for form in forms {
            #expect(!sentToModel.contains(form), "to the model")
            #expect(!stdout.contains(form) && !stderr.contains(form), "on stdout or stderr")
            #expect(!transcripts.contains(form), "in the transcript")
        }
    }

    // MARK: start-up

    /// A message typed while a server is still starting waits for it, saying so; Esc sends without it.
    @Test func theFirstMessageWaitsForAServerStillStartingAndEscSendsWithout() async throws {
        for skip in [false, true] {
            let server = try await LoopbackServer.start { _, index in .stream(ChatUITests.sse(["reply \(index)"])) }
            defer { Task { await server.stop() } }
            let (home, tmux) = try await ToolUITests.open(server, mcp: [("slow", Self.entry("slow-start"))])
            try ChatUITests.ask(tmux, "hello")
            #expect(await tmux.wait(forText: "waiting for MCP server slow"), "\(tmux.text)")
            if skip { try tmux.send("Escape") }
            #expect(await tmux.wait(forText: "reply 0", timeout: .seconds(20)), "\(tmux.text)")
            let offered = server.requests.first?.bodyText ?? ""
            if skip {
                #expect(!offered.contains("slow__srv"), "Esc sent it without the server's tools")
            } else {
                #expect(offered.contains("slow__srv"), "it waited and offered the tools: \(offered.prefix(300))")
            }
            try tmux.send("C-d")
            _ = await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") }
        }
    }
}
