import Foundation
import NatterTestSupport
import Testing

/// Tools in the real binary, in tmux, against the scripted MCP server: the approval prompt (y, a, n, Esc),
/// results folded and opened, the tools panel, and a server that never answers leaving the chat working.
@Suite(.serialized) struct ToolUITests {
    static func open(_ server: LoopbackServer, mcp: [(String, String)]) async throws -> (home: String, tmux: TmuxSession) {
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "model-a"), named: "one", in: home)
        try Data(MCPTestServers.file(mcp).utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        // The first frame's header (its status line may already say a server failed, in place of the hints).
        #expect(await tmux.wait { $0.first?.contains("natter │ one") == true && $0.contains { $0.hasPrefix("›") } })
        return (home, tmux)
    }

    static let kit = ("kit", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted]))

    static func call(_ id: String, _ name: String, _ arguments: String) -> ScriptedResponse {
        .stream(ToolLoopPipeTests.openAIToolCall(id: id, name: name, arguments: arguments))
    }

    @Test func approvalOnceAlwaysDenyAndEscape() async throws {
        let server = try await LoopbackServer.start { _, index in
            switch index {
            case 0: return Self.call("c0", "kit__echo", "{\"text\": \"first \\u001b[31mred\"}")
            case 1: return .stream(ChatUITests.sse(["after first"]))
            case 2: return Self.call("c2", "kit__echo", "{\"text\": \"second\"}")
            case 3: return .stream(ChatUITests.sse(["after second"]))
            case 4: return Self.call("c4", "kit__echo", "{\"text\": \"third\"}")
            case 5: return .stream(ChatUITests.sse(["after third"]))
            case 6: return Self.call("c6", "kit__add", "{\"a\": 1, \"b\": 2}")
            case 7: return .stream(ChatUITests.sse(["after declined"]))
            case 8: return Self.call("c8", "kit__slow", "{\"seconds\": 60}")
            default: return .stream(ChatUITests.sse(["after cancel"]))
            }
        }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open(server, mcp: [Self.kit])
        #expect(await tmux.wait(forText: "tools on", timeout: .seconds(30)), "the header says tools are on once the server is ready: \(tmux.text)")

        try ChatUITests.ask(tmux, "one")
        #expect(await tmux.wait(forText: "Run a tool?"), "\(tmux.text)")
        var screen = tmux.text
        #expect(screen.contains("server kit") && screen.contains("tool echo"))
        #expect(screen.contains("\"text\" : \"first ␛[31mred\"") || screen.contains("\"text\": \"first ␛[31mred\"") || screen.contains("first"), "\(screen)")
        #expect(!tmux.styledScreen().contains("\u{1B}[31mred"), "the model's escape sequence is not obeyed")
        try tmux.send("y")
        #expect(await tmux.wait(forText: "after first"), "\(tmux.text)")
        screen = tmux.text
        #expect(screen.contains("↳ kit · echo"), "\(screen)")

        try ChatUITests.ask(tmux, "two")
        #expect(await tmux.wait(forText: "Run a tool?"))
        try tmux.send("a")
        #expect(await tmux.wait(forText: "after second"))

        try ChatUITests.ask(tmux, "three")
        #expect(await tmux.wait(forText: "after third"), "always: it runs without asking: \(tmux.text)")
        #expect(server.requests.count == 6)
        #expect(server.requests[5].bodyText.contains("\"content\":\"third\""))

        try ChatUITests.ask(tmux, "four")
        #expect(await tmux.wait(forText: "tool add"))
        try tmux.send("n")
        #expect(await tmux.wait(forText: "after declined"))
        #expect(server.requests[7].bodyText.contains("The person declined to run this tool call."))

        try ChatUITests.ask(tmux, "five")
        #expect(await tmux.wait(forText: "tool slow"))
        try tmux.send("Escape")
        #expect(await tmux.wait { !$0.joined().contains("Run a tool?") && $0.joined().contains("Enter send") }, "\(tmux.text)")
        #expect(server.requests.count == 9, "the cancelled turn asks the model nothing more")
        try ChatUITests.ask(tmux, "six")
        #expect(await tmux.wait(forText: "after cancel"))
        let history = server.requests[9].bodyText
        #expect(history.contains("\"tool_call_id\":\"c8\""), "the cancelled call is answered in the history: \(history)")
        #expect(history.contains("Not run: the person cancelled the turn."))
        try tmux.send("C-c")
    }

    @Test func pipeModeAsksOnTheTerminalWhenThereIsOne() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? Self.call("t1", "kit__echo", "{\"text\": \"asked\"}") : .stream(ChatUITests.sse(["answered after asking"]))
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "model-a"), named: "one", in: home)
        try Data(MCPTestServers.file([Self.kit]).utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["-p", "use a tool", "--provider", "one"]))
        #expect(await tmux.wait(forText: "[y] once  [a] always  [n] no:", timeout: .seconds(30)), "\(tmux.text)")
        #expect(tmux.text.contains("natter: run kit · echo"))
        try tmux.type("y")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "answered after asking"), "\(tmux.text)")
        #expect(server.requests[1].bodyText.contains("\"content\":\"asked\""))
    }

    @Test func resultsAreFoldedAndOpenWhole() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? Self.call("h", "kit__huge", "{\"kilobytes\": 1}") : .stream(ChatUITests.sse(["that was long"]))
        }
        defer { Task { await server.stop() } }
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted], extra: "\"allow\": [\"huge\"]")
        let (_, tmux) = try await Self.open(server, mcp: [("kit", entry)])
        #expect(await tmux.wait(forText: "tools on", timeout: .seconds(30)))
        try ChatUITests.ask(tmux, "long one")
        #expect(await tmux.wait(forText: "that was long"))
        #expect(await tmux.wait(forText: "13 more lines"), "\(tmux.text)")
        #expect(!tmux.text.contains("line 000016"))
        try tmux.send("M-Up")
        try tmux.send("Up")
        #expect(await tmux.wait { $0.contains { $0.hasPrefix("▶ Tool results") } }, "\(tmux.text)")
        try tmux.send("o")
        try tmux.send("Escape")
        try tmux.send("End")
        #expect(await tmux.wait(forText: "line 000016"), "\(tmux.text)")
        try tmux.send("C-c")
    }

    @Test func aServerThatNeverAnswersLeavesTheChatWorkingAndThePanelSaysSo() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["plain answer"])) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open(server, mcp: [("silent", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.silent]))])
        try ChatUITests.ask(tmux, "hello")
        // The message waits for the server still starting (SPEC 7), saying so; Esc sends it without its tools.
        #expect(await tmux.wait(forText: "waiting for MCP server silent"), "\(tmux.text)")
        try tmux.send("Escape")
        #expect(await tmux.wait(forText: "plain answer"), "\(tmux.text)")
        #expect(tmux.text.contains("tools off"))
        #expect(!server.requests[0].bodyText.contains("\"tools\""))
        try tmux.send("F4")
        #expect(await tmux.wait(forText: "MCP servers and tools"))
        #expect(await tmux.wait(forText: "silent (stdio) · starting"), "\(tmux.text)")
        try tmux.send("Escape")
        try tmux.send("C-c")
    }

    @Test func aServerThatCannotStartIsSaidOnTheStatusLine() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open(server, mcp: [("gone", MCPTestServers.stdioEntry("natter-no-such-server"))])
        #expect(await tmux.wait(forText: "MCP server gone failed: cannot start"), "\(tmux.text)")
        try tmux.send("C-c")
    }

    @Test func thePanelSwitchesAToolOff() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open(server, mcp: [Self.kit])
        #expect(await tmux.wait(forText: "tools on", timeout: .seconds(30)))
        try tmux.send("F4")
        #expect(await tmux.wait(forText: "kit (stdio) · ready"), "\(tmux.text)")
        // The first tool listed under the server, then Space.
        try tmux.send("Down")
        try tmux.send("Space")
        #expect(await tmux.wait(forText: "✗ echo"), "\(tmux.text)")
        try tmux.send("Escape")
        try ChatUITests.ask(tmux, "hi")
        #expect(await tmux.wait(forText: "ok"))
        let body = server.requests[0].bodyText
        #expect(!body.contains("\"kit__echo\"") && body.contains("\"kit__add\""), "a tool switched off is not offered")
        try tmux.send("C-c")
    }
}
