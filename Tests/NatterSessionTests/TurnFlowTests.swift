import NatterProviders
import Testing

@testable import NatterSession

/// A turn's rules on values (issue 30, point 6): a script of replies, tool results and a cancel, and the exact
/// actions the session is given for each.
@Suite struct TurnFlowTests {
    static func reply(_ id: String, calls: [String] = [], finish: MessageFinish = .stop) -> Message {
        Message(
            id: id, parent: "q", role: .assistant,
            parts: [.text("")] + calls.map { .toolCall(ToolCall(id: $0, name: "kit__echo", arguments: "{}")) }, finish: finish)
    }

    static func result(_ call: String) -> ToolResult { ToolResult(callID: call, content: "ok", isError: false) }

    @Test func aReplyWithoutCallsEndsTheTurn() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        #expect(flow.start == [.streamReply(to: "q", isFirst: true)])
        #expect(flow.replyEnded(Self.reply("r1")) == [.end])
        #expect(flow.phase == .done)
    }

    @Test func callsRunTheirResultsAreSavedAndTheNextReplyFollowsThem() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        let asking = Self.reply("r1", calls: ["c1", "c2"], finish: .toolCalls)
        #expect(flow.replyEnded(asking) == [.runTools(asking.toolCalls)])
        #expect(flow.phase == .runningTools(round: 1, reply: "r1"))
        #expect(flow.toolsRan([Self.result("c1"), Self.result("c2")]) == [.saveResults([Self.result("c1"), Self.result("c2")], after: "r1")])
        #expect(flow.resultsSaved(as: "t1", cancelled: false) == [.streamReply(to: "t1", isFirst: false)])
        #expect(flow.phase == .streaming(round: 2))
        #expect(flow.replyEnded(Self.reply("r2")) == [.end])
    }

    @Test func callsWithoutToolsOfferedOrFromAFailedReplyEndTheTurn() {
        var offeredNone = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        #expect(offeredNone.replyEnded(Self.reply("r1", calls: ["c1"], finish: .toolCalls)) == [.end])
        var failed = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        #expect(failed.replyEnded(Self.reply("r1", calls: ["c1"], finish: .interrupted)) == [.end], "a cut reply's calls are not run")
    }

    @Test func theLastRoundsCallsAreAnsweredWithoutRunning() {
        var flow = TurnFlow(question: "q", maxRounds: 2, toolsOffered: true)
        _ = flow.replyEnded(Self.reply("r1", calls: ["c1"], finish: .toolCalls))
        _ = flow.toolsRan([Self.result("c1")])
        _ = flow.resultsSaved(as: "t1", cancelled: false)
        let refused = [ToolResult(callID: "c2", content: TurnFlow.refusal(after: 2), isError: true)]
        #expect(flow.replyEnded(Self.reply("r2", calls: ["c2"], finish: .toolCalls)) == [.refuseTools(refused), .saveResults(refused, after: "r2")])
        #expect(flow.resultsSaved(as: "t2", cancelled: false) == [.end], "no third reply")
    }

    @Test func aCancelWhileToolsRanEndsTheTurnOnceTheResultsAreSaved() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        _ = flow.replyEnded(Self.reply("r1", calls: ["c1"], finish: .toolCalls))
        #expect(flow.toolsRan([Self.result("c1")]) == [.saveResults([Self.result("c1")], after: "r1")], "what ran is kept")
        #expect(flow.resultsSaved(as: "t1", cancelled: true) == [.end])
        #expect(flow.toolsRan([]) == [] && flow.replyEnded(Self.reply("late")) == [], "a finished turn takes nothing more")
    }
}
