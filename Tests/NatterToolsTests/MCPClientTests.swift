import Foundation
import NatterProviders
import Testing

@testable import NatterTools

/// natter's MCP client against a transport the test plays the server through: what real servers (in
/// MCPServerTests) seldom send — batches, stray lines, foreign ids, errors, a server that goes away.
@Suite struct MCPClientTests {
    /// A server played by the test: each message natter sends is handed to `script`, and what it returns is
    /// sent back as the server's lines.
    actor ScriptedTransport: MCPTransport {
        private let script: @Sendable ([String: JSONValue]) -> [Data]
        private let lines: AsyncThrowingStream<Data, any Error>
        private let feed: AsyncThrowingStream<Data, any Error>.Continuation
        private(set) var sent: [[String: JSONValue]] = []

        init(script: @escaping @Sendable ([String: JSONValue]) -> [Data]) {
            self.script = script
            (lines, feed) = AsyncThrowingStream.makeStream()
        }

        func connect() async throws {}
        func send(_ data: Data) async throws {
            guard case .object(let message) = try JSONValue.parse(data) else { return }
            sent.append(message)
            for line in script(message) { feed.yield(line) }
        }
        nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { lines }
        func disconnect() async { feed.finish() }
        func serverSays(_ line: String) { feed.yield(Data(line.utf8)) }
        func serverGoesAway() { feed.finish(throwing: MCPClientError.connectionClosed) }
    }

    static func answer(_ message: [String: JSONValue], _ result: String) -> Data {
        Data("{\"jsonrpc\":\"2.0\",\"id\":\(message["id"]!.summary),\"result\":\(result)}".utf8)
    }

    /// Answers initialize; `tools/list` as `onList` says.
    static func server(onList: @escaping @Sendable ([String: JSONValue]) -> [Data]) -> ScriptedTransport {
        ScriptedTransport { message in
            switch message["method"] {
            case .string("initialize"): return [answer(message, "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}")]
            case .string("tools/list"): return onList(message)
            default: return []
            }
        }
    }

    @Test func theHandshakeIsInitializeThenInitialized() async throws {
        let transport = Self.server { _ in [] }
        let client = MCPClient(transport: transport)
        let result = try await client.connect(name: "natter", version: "1")
        #expect(result["protocolVersion"] == .string("2025-06-18"))
        let sent = await transport.sent
        #expect(sent.map { $0["method"] } == [.string("initialize"), .string("notifications/initialized")])
        #expect(sent[0]["params"]?["clientInfo"]?["name"] == .string("natter"))
        #expect(sent[1]["id"] == nil, "a notification has no id")
    }

    @Test func strayLinesForeignIdsAndBatchesAreSortedOut() async throws {
        let transport = Self.server { message in
            [
                Data("a log line, not JSON".utf8),
                Data("{\"jsonrpc\":\"2.0\",\"id\":\"not-ours\",\"result\":{}}".utf8),
                Data("[\(String(decoding: Self.answer(message, "{\"tools\":[{\"name\":\"t\",\"inputSchema\":{}}]}"), as: UTF8.self))]".utf8),
            ]
        }
        let client = MCPClient(transport: transport)
        try await client.connect(name: "natter", version: "1")
        let page = MCPTool.page(try await client.request("tools/list"))
        #expect(page.tools.map(\.name) == ["t"])
    }

    @Test func aServersErrorIsThrownWithItsMessageAndCode() async throws {
        let transport = Self.server { message in
            [Data("{\"jsonrpc\":\"2.0\",\"id\":\(message["id"]!.summary),\"error\":{\"code\":-32602,\"message\":\"bad \\u001b[2J cursor\"}}".utf8)]
        }
        let client = MCPClient(transport: transport)
        try await client.connect(name: "natter", version: "1")
        do {
            _ = try await client.request("tools/list")
            Issue.record("no error thrown")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("the server answered: bad") && text.hasSuffix("cursor (-32602)"), "\(text)")
            #expect(!text.contains("\u{1B}"), "the server's words are shown as text")
        }
    }

    @Test func aServerThatGoesAwayFailsWhatWaitsAndWhatComesAfter() async throws {
        let transport = Self.server { _ in [] }  // tools/list is never answered
        let client = MCPClient(transport: transport)
        try await client.connect(name: "natter", version: "1")
        let waiting = Task { try await client.request("tools/list") }
        while await transport.sent.count < 3 { await Task.yield() }
        await transport.serverGoesAway()
        await #expect(throws: MCPClientError.connectionClosed) { try await waiting.value }
        #expect(await !client.isOpen)
        await #expect(throws: MCPClientError.connectionClosed) { try await client.request("tools/list") }
    }

    @Test func theServersRequestsAreAnsweredPingWithNothingTheRestAsUnknown() async throws {
        let transport = Self.server { _ in [] }
        let client = MCPClient(transport: transport)
        try await client.connect(name: "natter", version: "1")
        await transport.serverSays("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"ping\"}")
        await transport.serverSays("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sampling/createMessage\",\"params\":{}}")
        while await transport.sent.count < 4 { await Task.yield() }
        let answers = await transport.sent.dropFirst(2)
        let ping = answers.first { $0["id"] == .string("p1") }
        let sampling = answers.first { $0["id"] == .number(7) }
        #expect(ping?["result"] == .object([:]))
        #expect(sampling?["error"]?["code"] == .number(-32601))
    }

    @Test func cancellingARequestStopsWaitingAtOnce() async throws {
        let transport = Self.server { _ in [] }
        let client = MCPClient(transport: transport)
        try await client.connect(name: "natter", version: "1")
        let task = Task { try await client.request("tools/list") }
        while await transport.sent.count < 3 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await client.isOpen, "the connection stays for the next request")
    }
}
