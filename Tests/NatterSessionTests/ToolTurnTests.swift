import Foundation
import NatterProviders
import NatterTestSupport
import Synchronization
import Testing

@testable import NatterSession

/// The agent loop in the session, with a host of the test's own (the MCP side has its own tests against
/// real servers): rounds end at the limit, and the history that follows stays whole.
@Suite struct ToolTurnTests {
    /// One tool, `t__ping`, that answers "pong" at once and counts its calls.
    final class PingHost: ToolHost {
        let calls = Mutex(0)
        func offeredTools(waitingUpTo limit: Duration) async -> [ToolDefinition] {
            [ToolDefinition(name: "t__ping", description: "ping", inputSchema: .object(["type": .string("object")]))]
        }
        func identity(of name: String) async -> ToolIdentity? { name == "t__ping" ? ToolIdentity(server: "t", tool: "ping", preapproved: true) : nil }
        func run(_ call: ToolCall) async -> ToolResult {
            calls.withLock { $0 += 1 }
            return ToolResult(callID: call.id, content: "pong")
        }
    }

    struct Never: ToolApprover {
        func approve(_ request: ToolApprovalRequest) async -> ToolApproval { .deny }
    }

    static func callReply(_ index: Int) -> [String] {
        [
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\(index)\",\"function\":{\"name\":\"t__ping\",\"arguments\":\"{}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n", "data: [DONE]\n\n",
        ]
    }

    @Test func aModelThatKeepsCallingToolsIsStoppedAfterTheRoundLimit() async throws {
        let server = try await LoopbackServer.start { _, index in .stream(Self.callReply(index)) }
        defer { Task { await server.stop() } }
        let host = PingHost()
        let session = ChatSession(registry: ChatSessionTests.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: nil)
        await session.useTools(host, approver: Never())
        await session.send("loop forever")
        await session.waitForReply()

        #expect(server.requests.count == ChatSession.maxToolRounds)
        #expect(host.calls.withLock { $0 } == ChatSession.maxToolRounds - 1, "the last round's call is answered as not run")
        let last = try #require(await session.messages.last)
        #expect(last.role == .tool)
        #expect(last.toolResults.first?.content.contains("stops after 25 rounds") == true)
        #expect(await session.isReplying == false)
    }

    @Test func aCallWithoutAResultIsAnsweredAsNotRunAndOrphanResultsAreLeftOut() {
        let question = Message.user("q")
        let call = Message(parent: question.id, role: .assistant, parts: [.toolCall(ToolCall(id: "a", name: "t__ping", arguments: "{}"))], finish: .toolCalls)
        let next = Message.user("and?", parent: call.id)
        let orphan = Message(parent: question.id, role: .tool, parts: [.toolResult(ToolResult(callID: "zz", content: "lost"))])
        let history = ChatSession.requestHistory([question, orphan, call, next])
        #expect(history.map(\.role) == [.user, .assistant, .tool, .user])
        #expect(history[2].toolResults.map(\.callID) == ["a"])
        #expect(history[2].toolResults.first?.isError == true)
    }
}
