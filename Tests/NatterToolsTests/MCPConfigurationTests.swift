import Foundation
import NatterProviders
import Testing

@testable import NatterTools

/// mcp.json as people write it: blocks copied from MCP servers' READMEs, and the mistakes they make.
@Suite struct MCPConfigurationTests {
    func parse(_ text: String) -> MCPConfiguration {
        MCPConfiguration.parse(Data(text.utf8), path: "/home/a/.config/natter/mcp.json")
    }

    @Test func aBlockCopiedFromAServersReadmeLoads() {
        let configuration = parse("""
            {
              "mcpServers": {
                "git": { "command": "uvx", "args": ["mcp-server-git", "--repository", "${HOME}/src"], "env": { "PORT": 8080, "DEBUG": true } },
                "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${TOKEN}" }, "type": "http" },
                "old": { "url": "http://127.0.0.1:9000/sse", "type": "sse", "disabled": true },
                "time": { "command": "mcp-server-time", "allow": ["get_current_time"], "timeout_seconds": 2.5, "autoApprove": [] }
              }
            }
            """)
        #expect(configuration.problems == [])
        #expect(configuration.servers.map(\.name) == ["git", "old", "remote", "time"])
        let git = configuration.servers[0]
        #expect(git.transport == .stdio(command: "uvx", arguments: ["mcp-server-git", "--repository", "${HOME}/src"], environment: ["PORT": "8080", "DEBUG": "true"], directory: nil))
        #expect(configuration.servers[1].transport == .http(url: "http://127.0.0.1:9000/sse", headers: [:], sseOnly: true))
        #expect(configuration.servers[1].disabled)
        #expect(configuration.servers[2].transportName == "http")
        let time = configuration.servers[3]
        #expect(time.allow == ["get_current_time"])
        #expect(time.timeout == .milliseconds(2500))
        #expect(git.timeout == .seconds(60))
    }

    @Test func aBadEntryIsNamedWithItsFileServerAndKeyAndTheOthersStillLoad() {
        let configuration = parse("""
            { "mcpServers": {
                "a": { "command": "x", "args": "--flag" },
                "b": { "command": "ok" },
                "c": { "url": "ftp://host" },
                "d": { "command": "x", "url": "http://h" },
                "e": { },
                "f": { "command": "x", "timeout_seconds": -1 },
                "g": { "command": "x", "env": { "K": [1] } },
                "h": { "command": "x", "disabled": "yes" } } }
            """)
        #expect(configuration.servers.map(\.name) == ["b"])
        let file = "/home/a/.config/natter/mcp.json"
        #expect(configuration.problems == [
            "\(file): server \"a\": \"args\" must be an array of strings, found \"--flag\"",
            "\(file): server \"c\": \"url\" must be an http:// or https:// address, found \"ftp://host\"",
            "\(file): server \"d\": has both \"command\" and \"url\": a server is one or the other",
            "\(file): server \"e\": needs \"command\" (a program to start) or \"url\" (a server to reach)",
            "\(file): server \"f\": \"timeout_seconds\" must be a number of seconds from 0 to 86400, found -1",
            "\(file): server \"g\": \"env.K\" must be a string, found an array",
            "\(file): server \"h\": \"disabled\" must be true or false, found \"yes\"",
        ])
    }

    @Test func aFileThatIsNotJSONSaysWhere() {
        let configuration = parse("{\n  \"mcpServers\": {\n    \"a\": { \"command\": x }\n  }\n}")
        #expect(configuration.servers.isEmpty)
        #expect(configuration.problems.count == 1)
        #expect(configuration.problems[0].hasPrefix("/home/a/.config/natter/mcp.json: not valid JSON at line 3"))
        #expect(parse("[]").problems == ["/home/a/.config/natter/mcp.json: expected a JSON object, found an array"])
        #expect(parse("{}").problems == ["/home/a/.config/natter/mcp.json: no \"mcpServers\" object"])
    }

    @Test func noFileIsNoServersAndNoProblem() {
        let configuration = MCPConfiguration.load(path: "/nonexistent/mcp.json")
        #expect(configuration.servers.isEmpty && configuration.problems.isEmpty)
    }

    @Test func toolNamesStayWithinWhatProvidersAllow() {
        #expect(ToolNames.modelName(server: "git", tool: "git_status") == "git__git_status")
        #expect(ToolNames.modelName(server: "my server", tool: "ünïcode.tool") == "my_server___n_code_tool")
        let long = ToolNames.modelName(server: String(repeating: "s", count: 40), tool: String(repeating: "t", count: 40))
        let other = ToolNames.modelName(server: String(repeating: "s", count: 40), tool: String(repeating: "t", count: 39) + "u")
        #expect(long.count == 64 && other.count == 64 && long != other)
        for name in [long, other] {
            #expect(name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        }
    }

    @Test func argumentsThatAreNotAnObjectAreRefusedWithAReason() {
        if case .failure(let problem) = MCPToolHost.arguments("{\"a\": ") { #expect(problem.text.contains("not valid JSON")) } else { Issue.record("accepted") }
        if case .failure(let problem) = MCPToolHost.arguments("[1]") { #expect(problem.text.contains("not an array")) } else { Issue.record("accepted") }
        if case .success(let none) = MCPToolHost.arguments("  ") { #expect(none == nil) } else { Issue.record("refused") }
        if case .success(let some) = MCPToolHost.arguments("{\"n\": 3, \"x\": 1.5}") {
            #expect(some?["n"] == .number(3) && some?["x"] == .number(1.5))
        } else { Issue.record("refused") }
    }

    @Test func eachKindOfContentBlockBecomesText() throws {
        let result = try JSONValue.parse(Data(#"""
            {"content": [
              {"type": "text", "text": "plain"},
              {"type": "image", "data": "AAAAAAAA", "mimeType": "image/png"},
              {"type": "audio", "data": "AAAA"},
              {"type": "resource", "resource": {"uri": "file:///a", "text": "inside"}},
              {"type": "resource", "resource": {"uri": "file:///b", "blob": "AAAA"}},
              {"type": "resource_link", "uri": "file:///c", "name": "c.txt"},
              {"type": "hologram", "data": "?"}
            ]}
            """#.utf8))
        #expect(ToolResultText.text(of: result) == "plain\n[image image/png, 6 bytes]\n[audio of no type, 3 bytes]\ninside\n[resource file:///b]\n[c.txt: file:///c]")
        let structured = try JSONValue.parse(Data(#"{"content": [], "structuredContent": {"n": 3}}"#.utf8))
        #expect(ToolResultText.text(of: structured) == #"{"n":3}"#, "structured data alone is given as JSON")
    }

    @Test func aHugeResultIsCutOnACharacterBoundaryAndSaysSo() {
        let text = String(repeating: "é", count: ToolResultText.longest)  // two bytes each
        let cut = ToolResultText.cut(text)
        #expect(cut.hasSuffix("[natter: the result was cut here; it had \(text.utf8.count) bytes]"))
        #expect(cut.utf8.count < ToolResultText.longest + 100)
        #expect(ToolResultText.cut("short") == "short")
    }
}
