import Foundation
import NatterTestSupport
import Testing

/// `natter mcp`, `natter mcp tools`, and tool calls in saved sessions: shown, searched and sent again.
@Suite(.serialized) struct MCPCommandTests {
    @Test func mcpListsEveryServerWithItsTransportAndStatus() async throws {
        let home = try Scratch.home()
        let closed = try ClosedPort()
        let servers = MCPTestServers.file([
            ("kit", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted])),
            ("off", MCPTestServers.stdioEntry("x", extra: "\"disabled\": true")),
            ("gone", MCPTestServers.stdioEntry("natter-no-such-server")),
            ("web", "{\"url\": \"\(closed.url)/mcp\"}"),
            ("bad", "{\"args\": []}"),
        ])
        try Data(servers.utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))

        let (code, stdout, stderr) = try await NatterProcess.run(["mcp"], home: home)

        #expect(code == 0, "\(stderr)")
        let lines = stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains { $0.hasPrefix("kit stdio ready: 1") }, "\(stdout)")
        #expect(lines.contains("off stdio disabled"))
        #expect(lines.contains { $0.hasPrefix("gone stdio failed: cannot start \"natter-no-such-server\"") })
        #expect(lines.contains { $0.hasPrefix("web http failed: ") })
        #expect(stderr.contains("mcp.json: server \"bad\": needs \"command\""))

        let (toolsCode, tools, _) = try await NatterProcess.run(["mcp", "tools", "kit"], home: home)
        #expect(toolsCode == 0)
        #expect(tools.split(separator: "\n").contains { $0.hasPrefix("kit__echo  ") && $0.contains("unchanged") }, "\(tools)")
        let (unknown, _, unknownErr) = try await NatterProcess.run(["mcp", "tools", "nosuch"], home: home)
        #expect(unknown != 0 && unknownErr.contains("no MCP server named nosuch"))
        _ = closed
    }

    @Test func callsAndResultsAreSavedShownSearchedAndSentAgain() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0
                ? .stream(ToolLoopPipeTests.openAIToolCall(id: "call_s", name: "kit__echo", arguments: "{\"text\": \"saved-result-marker\"}"))
                : .stream(PipeModeTests.sse(["done \(index)"]))
        }
        defer { Task { await server.stop() } }
        let home = try ToolLoopPipeTests.home(mcp: [ToolLoopPipeTests.scripted], provider: ToolLoopPipeTests.openAIProvider(server))
        let (code, _, stderr) = try await NatterProcess.run(["-p", "first", "--provider", "local", "--approve", "all"], home: home)
        #expect(code == 0, "\(stderr)")

        let (_, listing, _) = try await NatterProcess.run(["sessions", "--json"], home: home)
        let id = try #require((try? JSONSerialization.jsonObject(with: Data(listing.split(separator: "\n")[0].utf8)) as? [String: Any])?["id"] as? String)
        let (_, shown, _) = try await NatterProcess.run(["show", id], home: home)
        #expect(shown.contains("[tool call kit__echo"), "\(shown)")
        #expect(shown.contains("[tool result] saved-result-marker"))
        let (_, found, _) = try await NatterProcess.run(["sessions", "--search", "saved-result-marker"], home: home)
        #expect(found.contains(id), "search finds text in a tool result: \(found)")

        let (again, _, againErr) = try await NatterProcess.run(["-c", "-p", "and then?", "--approve", "all"], home: home)
        #expect(again == 0, "\(againErr)")
        let history = try ToolLoopPipeTests.messages(of: server.requests[2])
        #expect(history.map { $0["role"] as? String } == ["user", "assistant", "tool", "assistant", "user"])
        #expect(history[2]["content"] as? String == "saved-result-marker" && history[2]["tool_call_id"] as? String == "call_s")
    }
}
