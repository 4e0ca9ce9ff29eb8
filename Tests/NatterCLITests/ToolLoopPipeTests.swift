import Foundation
import NatterTestSupport
import Testing

/// The whole tool loop in pipe mode, for each engine: a loopback model server asks for a tool in its own wire
/// form, natter runs it on a real MCP server, and the next request carries the result back.
@Suite(.serialized) struct ToolLoopPipeTests {
    static func home(mcp servers: [(String, String)], provider: String, named name: String = "local") throws -> String {
        let home = try Scratch.home()
        try Scratch.provider(provider, named: name, in: home)
        try Data(MCPTestServers.file(servers).utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        return home
    }

    static let scripted = ("kit", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted]))

    static func openAIProvider(_ server: LoopbackServer) -> String {
        """
        { "name": "local", "engine": "openai", "host": "\(server.url)/v1",
          "models": [ { "name": "m", "context_window": 8192, "supports_tools": true } ], "retry": { "max_retries": 0 } }
        """
    }

    /// An OpenAI reply that only calls `name` with `arguments`, streamed in pieces as OpenAI does.
    static func openAIToolCall(id: String, name: String, arguments: String) -> [String] {
        let half = arguments.index(arguments.startIndex, offsetBy: arguments.count / 2)
        let first = String(decoding: try! JSONEncoder().encode(String(arguments[..<half])), as: UTF8.self)
        let second = String(decoding: try! JSONEncoder().encode(String(arguments[half...])), as: UTF8.self)
        return [
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"\(id)\",\"type\":\"function\",\"function\":{\"name\":\"\(name)\",\"arguments\":\(first)}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\(second)}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n", "data: [DONE]\n\n",
        ]
    }

    static func messages(of request: RecordedRequest) throws -> [[String: Any]] {
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        return try #require(body["messages"] as? [[String: Any]])
    }

    @Test func openAIToolCallRunsOnARealServerAndItsResultGoesBack() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0
                ? .stream(Self.openAIToolCall(id: "call_1", name: "kit__echo", arguments: "{\"text\": \"ping from the model\"}"))
                : .stream(PipeModeTests.sse(["The tool said ", "ping."]))
        }
        defer { Task { await server.stop() } }
        let home = try Self.home(mcp: [Self.scripted], provider: Self.openAIProvider(server))

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "echo something", "--provider", "local", "--approve", "echo"], home: home)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "The tool said ping.\n")
        #expect(server.requests.count == 2)
        let offered = server.requests[0].bodyText
        #expect(offered.contains("\"name\":\"kit__echo\""), "the first request offers the server's tools")
        let history = try Self.messages(of: server.requests[1])
        let call = try #require(history.first { $0["role"] as? String == "assistant" })
        let calls = try #require(call["tool_calls"] as? [[String: Any]])
        #expect(calls.count == 1 && (calls[0]["id"] as? String) == "call_1")
        let result = try #require(history.first { $0["role"] as? String == "tool" })
        #expect(result["tool_call_id"] as? String == "call_1")
        #expect(result["content"] as? String == "ping from the model")
    }

    @Test func anthropicToolUseIsAnsweredWithAToolResultBlock() async throws {
        let events = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_7\",\"name\":\"kit__add\",\"input\":{}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": 2, \"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"b\\\": 40}\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ]
        let answer = [
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"42 it is\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ]
        let server = try await LoopbackServer.start { _, index in .stream(index == 0 ? events : answer) }
        defer { Task { await server.stop() } }
        let provider = """
            { "name": "local", "engine": "anthropic", "host": "\(server.url)",
              "models": [ { "name": "claude-test", "context_window": 8192 } ], "retry": { "max_retries": 0 } }
            """
        let home = try Self.home(mcp: [Self.scripted], provider: provider)

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "add", "--provider", "local", "--approve", "all"], home: home)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "42 it is\n")
        let offered = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[0].body)) as? [String: Any])
        let tools = try #require(offered["tools"] as? [[String: Any]])
        #expect(tools.contains { $0["name"] as? String == "kit__add" && $0["input_schema"] != nil })
        let history = try Self.messages(of: server.requests[1])
        #expect(history.map { $0["role"] as? String } == ["user", "assistant", "user"])
        let use = try #require((history[1]["content"] as? [[String: Any]])?.first { $0["type"] as? String == "tool_use" })
        #expect(use["id"] as? String == "toolu_7")
        #expect((use["input"] as? [String: Any])?["b"] as? Int == 40)
        let result = try #require((history[2]["content"] as? [[String: Any]])?.first)
        #expect(result["type"] as? String == "tool_result")
        #expect(result["tool_use_id"] as? String == "toolu_7")
        #expect(result["content"] as? String == "42")
    }

    @Test func ollamaToolCallsAreAnsweredWithToolMessagesNamingTheTool() async throws {
        let call = "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"kit__echo\",\"arguments\":{\"text\":\"from ollama\"}}}]},\"done\":false}\n"
        let done = "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n"
        let answer = ["{\"message\":{\"role\":\"assistant\",\"content\":\"echoed\"},\"done\":false}\n", done]
        let server = try await LoopbackServer.start { _, index in
            .stream(index == 0 ? [call, done] : answer, contentType: "application/x-ndjson")
        }
        defer { Task { await server.stop() } }
        let provider = """
            { "name": "local", "engine": "ollama", "host": "\(server.url)",
              "models": [ { "name": "llama-test", "context_window": 8192, "supports_tools": true } ], "retry": { "max_retries": 0 } }
            """
        let home = try Self.home(mcp: [Self.scripted], provider: provider)

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "echo", "--provider", "local", "--approve", "kit"], home: home)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "echoed\n")
        let history = try Self.messages(of: server.requests[1])
        let result = try #require(history.first { $0["role"] as? String == "tool" })
        #expect(result["tool_name"] as? String == "kit__echo")
        #expect(result["content"] as? String == "from ollama")
    }

    @Test func parallelCallsInOneReplyAreAllAnsweredInOrder() async throws {
        let calls = [
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"kit__add\",\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}},{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"kit__echo\",\"arguments\":\"{\\\"text\\\":\\\"second\\\"}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n", "data: [DONE]\n\n",
        ]
        let server = try await LoopbackServer.start { _, index in index == 0 ? .stream(calls) : .stream(PipeModeTests.sse(["done"])) }
        defer { Task { await server.stop() } }
        let home = try Self.home(mcp: [Self.scripted], provider: Self.openAIProvider(server))

        let (code, _, stderr) = try await NatterProcess.run(["-p", "two at once", "--provider", "local", "--approve", "all", "--json"], home: home)

        #expect(code == 0, "stderr: \(stderr)")
        let results = try Self.messages(of: server.requests[1]).filter { $0["role"] as? String == "tool" }
        #expect(results.map { $0["tool_call_id"] as? String } == ["c1", "c2"])
        #expect(results.map { $0["content"] as? String } == ["3", "second"])
    }

    @Test func jsonOutputHasToolCallAndToolResultEvents() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? .stream(Self.openAIToolCall(id: "call_9", name: "kit__echo", arguments: "{\"text\":\"hi\"}")) : .stream(PipeModeTests.sse(["ok"]))
        }
        defer { Task { await server.stop() } }
        let home = try Self.home(mcp: [Self.scripted], provider: Self.openAIProvider(server))

        let (code, stdout, _) = try await NatterProcess.run(["-p", "x", "--provider", "local", "--approve", "all", "--json"], home: home)

        #expect(code == 0)
        let events = stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let call = try #require(events.first { $0["type"] as? String == "tool_call" })
        #expect(call["id"] as? String == "call_9" && call["name"] as? String == "kit__echo" && call["server"] as? String == "kit")
        let result = try #require(events.first { $0["type"] as? String == "tool_result" })
        #expect(result["id"] as? String == "call_9" && result["content"] as? String == "hi" && result["is_error"] as? Bool == false)
        #expect(events.last?["type"] as? String == "finished")
    }

    @Test func withoutATerminalOrApproveACallIsDeclinedAndTheModelIsTold() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? .stream(Self.openAIToolCall(id: "call_2", name: "kit__echo", arguments: "{\"text\":\"no\"}")) : .stream(PipeModeTests.sse(["fine"]))
        }
        defer { Task { await server.stop() } }
        let home = try Self.home(mcp: [Self.scripted], provider: Self.openAIProvider(server))

        // setsid: no controlling terminal, so there is no /dev/tty to ask on, whoever runs the tests.
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "x", "--provider", "local"], home: home, withoutTerminal: true)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "fine\n")
        #expect(stderr.contains("declined kit__echo: no terminal to ask on"))
        let result = try #require(try Self.messages(of: server.requests[1]).first { $0["role"] as? String == "tool" })
        #expect(result["content"] as? String == "The person declined to run this tool call.")
    }

    @Test func noToolsOffersNone() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["plain"])) }
        defer { Task { await server.stop() } }
        let home = try Self.home(mcp: [Self.scripted], provider: Self.openAIProvider(server))

        let (code, stdout, _) = try await NatterProcess.run(["-p", "x", "--provider", "local", "--no-tools"], home: home)

        #expect(code == 0 && stdout == "plain\n")
        #expect(!server.requests[0].bodyText.contains("\"tools\""))
    }

    @Test func aModelWhoseFileSaysNoToolsIsOfferedNone() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["plain"])) }
        defer { Task { await server.stop() } }
        let provider = """
            { "name": "local", "engine": "openai", "host": "\(server.url)/v1",
              "models": [ { "name": "m", "context_window": 8192, "supports_tools": false } ] }
            """
        let home = try Self.home(mcp: [Self.scripted], provider: provider)

        let (code, _, _) = try await NatterProcess.run(["-p", "x", "--provider", "local"], home: home)

        #expect(code == 0)
        #expect(!server.requests[0].bodyText.contains("\"tools\""))
    }
}
