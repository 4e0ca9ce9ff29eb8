import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterTools

/// The scripted server over Streamable HTTP and over the older HTTP+SSE transport.
@Suite(.serialized) struct MCPHTTPTests {
    /// Starts the scripted server on a free port and waits for its `listening PORT` line.
    static func serve(_ mode: String) async throws -> (Process, Int) {
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MCPTestServers.python)
        process.arguments = [MCPTestServers.scripted, mode, String(port)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.runWithDefaultSignals()
        let line = await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
            Thread {
                var collected = Data()
                while !collected.contains(0x0A) {
                    let piece = output.fileHandleForReading.availableData
                    if piece.isEmpty { break }
                    collected.append(piece)
                }
                done.resume(returning: String(decoding: collected, as: UTF8.self))
            }.start()
        }
        #expect(line.hasPrefix("listening \(port)"), "\(line)")
        return (process, port)
    }

    /// SIGKILL: uvicorn's graceful shutdown on SIGTERM waits for open streams to close.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func host(url: String, type: String? = nil) -> MCPToolHost {
        let entry = "{\"url\": \"\(url)\", \"headers\": {\"X-Natter-Test\": \"1\"}\(type.map { ", \"type\": \"\($0)\"" } ?? "")}"
        let configuration = MCPConfiguration.parse(Data(MCPTestServers.file([("web", entry)]).utf8), path: "mcp.json")
        return MCPToolHost(configuration: configuration, logDirectory: NSTemporaryDirectory() + "natter-mcp-logs-" + UUID().uuidString)
    }

    @Test func streamableHTTPCallsAndFollowsListChanged() async throws {
        let (process, port) = try await Self.serve("http")
        defer { Self.stop(process) }
        let host = Self.host(url: "http://127.0.0.1:\(port)/mcp")
        await host.start()
        let tools = await host.offeredTools(waitingUpTo: .seconds(20)).map(\.name)
        let statuses = await host.statuses()
        #expect(tools.contains("web__echo"), "\(statuses)")
        let echoed = await host.run(ToolCall(id: "1", name: "web__echo", arguments: "{\"text\": \"over http\"}"))
        #expect(echoed.content == "over http" && !echoed.isError)
        _ = await host.run(ToolCall(id: "2", name: "web__add_tool", arguments: "{\"name\": \"fresh\"}"))
        #expect(await MCPServerTests.eventually { await host.offeredTools(waitingUpTo: .zero).map(\.name).contains("web__fresh") })
        await host.stop()
    }

    @Test func httpPlusSSEWhenTheEntrySaysSSE() async throws {
        let (process, port) = try await Self.serve("sse")
        defer { Self.stop(process) }
        let host = Self.host(url: "http://127.0.0.1:\(port)/sse", type: "sse")
        await host.start()
        let tools = await host.offeredTools(waitingUpTo: .seconds(20)).map(\.name)
        let statuses = await host.statuses()
        #expect(tools.contains("web__add"), "\(statuses)")
        let sum = await host.run(ToolCall(id: "1", name: "web__add", arguments: "{\"a\": 20, \"b\": 22}"))
        #expect(sum.content == "42")
        await host.stop()
    }

    @Test func httpPlusSSEFoundByFallingBack() async throws {
        let (process, port) = try await Self.serve("sse")
        defer { Self.stop(process) }
        let host = Self.host(url: "http://127.0.0.1:\(port)/sse")
        await host.start()
        let tools = await host.offeredTools(waitingUpTo: .seconds(20)).map(\.name)
        let statuses = await host.statuses()
        #expect(tools.contains("web__echo"), "\(statuses)")
        #expect(await host.run(ToolCall(id: "1", name: "web__echo", arguments: "{\"text\": \"fell back\"}")).content == "fell back")
        await host.stop()
    }

    @Test func anEndpointOnAnotherOriginIsRefused() {
        #expect(HTTPTransport.origin(of: "http://127.0.0.1:8000/sse") == HTTPTransport.origin(of: "http://127.0.0.1:8000/messages/?s=1"))
        #expect(HTTPTransport.origin(of: "http://127.0.0.1:8000/sse") != HTTPTransport.origin(of: "http://evil.example:8000/m"))
        #expect(HTTPTransport.origin(of: "https://a.example/x") == HTTPTransport.origin(of: "https://A.example:443/y"))
        #expect(!HTTPTransport.isSafeHeaderValue("a\r\nInjected: 1"))
    }
}
