import Foundation
import NatterProviders
import NatterSession
import NatterTestSupport
import NatterTools
import Synchronization

/// natter's own cost per tool round trip: from the end of a model reply that calls a tool to the next
/// request reaching the model server, less the time the MCP server itself took to answer (the scripted
/// server's `echo`, over stdio). The model server is a loopback one; the session, the approval path, the
/// MCP client and the request encoding are natter's real ones.
enum ToolBenchmarks {
    struct Figures {
        var overheadMedianMilliseconds: Double
        var roundTripMedianMilliseconds: Double
    }

    /// Times a call as the session sees it, so the server's own share can be taken out.
    final class TimedHost: ToolHost {
        let inner: MCPToolHost
        let durations = Mutex<[Double]>([])
        init(_ inner: MCPToolHost) { self.inner = inner }
        func offeredTools(waitingUpTo limit: Duration) async -> [ToolDefinition] { await inner.offeredTools(waitingUpTo: limit) }
        func identity(of name: String) async -> ToolIdentity? { await inner.identity(of: name) }
        func run(_ call: ToolCall) async -> ToolResult {
            let started = ContinuousClock.now
            let result = await inner.run(call)
            let elapsed = (ContinuousClock.now - started).inMilliseconds
            durations.withLock { $0.append(elapsed) }
            return result
        }
    }

    struct Yes: ToolApprover {
        func approve(_ request: ToolApprovalRequest) async -> ToolApproval { .once }
    }

    /// nil when the test tools' venv (scripts/ensure-test-tools) is not there.
    static func roundTrip(rounds: Int) async throws -> Figures? {
        guard FileManager.default.isExecutableFile(atPath: MCPTestServers.python) else { return nil }
        let replyEnded = Mutex<[ContinuousClock.Instant]>([])
        let followUpArrived = Mutex<[ContinuousClock.Instant]>([])
        let call = [
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"kit__echo\",\"arguments\":\"{\\\"text\\\":\\\"x\\\"}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n", "data: [DONE]\n\n",
        ]
        let answer = ["data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"]
        let server = try await LoopbackServer.start { _, index in
            if index % 2 == 0 {
                return .stream(call, then: .call { replyEnded.withLock { $0.append(.now) } })
            }
            followUpArrived.withLock { $0.append(.now) }
            return .stream(answer)
        }
        defer { Task { await server.stop() } }
        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(name: "bench", engine: .openai, host: server.url, models: [ModelInfo(name: "m")]), origin: .builtin)
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted])
        let configuration = MCPConfiguration.parse(Data(MCPTestServers.file([("kit", entry)]).utf8), path: "mcp.json")
        let host = MCPToolHost(configuration: configuration, logDirectory: NSTemporaryDirectory() + "natter-bench-mcp")
        await host.start()
        await host.settled(within: .seconds(30))
        let timed = TimedHost(host)
        let session = ChatSession(registry: registry, provider: "bench", model: "m", transcriptPath: nil)
        await session.useTools(timed, approver: Yes())
        for round in 0..<rounds {
            await session.send("round \(round)")
            await session.waitForReply()
        }
        await host.stop()
        let ends = replyEnded.withLock { $0 }
        let arrivals = followUpArrived.withLock { $0 }
        let calls = timed.durations.withLock { $0 }
        let count = min(ends.count, arrivals.count, calls.count)
        guard count > 0 else { return nil }
        // The first round warms the connection and the server; it is left out.
        let totals = (1..<max(2, count)).compactMap { index in index < count ? (arrivals[index] - ends[index]).inMilliseconds : nil }
        let overheads = (1..<max(2, count)).compactMap { index in index < count ? (arrivals[index] - ends[index]).inMilliseconds - calls[index] : nil }
        return Figures(
            overheadMedianMilliseconds: Benchmarks.percentile(overheads, 0.5),
            roundTripMedianMilliseconds: Benchmarks.percentile(totals, 0.5))
    }
}

extension Duration {
    var inMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
