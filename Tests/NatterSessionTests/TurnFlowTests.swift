import NatterProviders
import Testing

@testable import NatterSession

/// A turn's rules on values (issue 30, point 6): a script of measures, compactions, streams, replies, lookups,
/// approvals, results and a cancel, and the exact actions the session is given for each.
@Suite struct TurnFlowTests {
    static func call(_ id: String) -> ToolCall { ToolCall(id: id, name: "kit__echo", arguments: "{}") }

    static func reply(_ id: String, calls: [String] = [], finish: MessageFinish = .stop) -> Message {
        Message(id: id, parent: "q", role: .assistant, parts: [.text("")] + calls.map { .toolCall(call($0)) }, finish: finish)
    }

    static func result(_ call: String) -> ToolResult { ToolResult(callID: call, content: "ok", isError: false) }

    static let kit = ToolIdentity(server: "kit", tool: "echo")
    static let trusted = ToolIdentity(server: "kit", tool: "echo", preapproved: true)

    @Test func aReplyWithoutCallsEndsTheTurn() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        #expect(flow.start == [.beginReply(to: "q", isFirst: true)])
        #expect(flow.replyEnded(Self.reply("r1")) == [.end])
        #expect(flow.phase == .done)
    }

    @Test func eachCallIsLookedUpApprovedRunAndReportedThenTheNextReplyFollowsTheResults() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        #expect(flow.replyEnded(Self.reply("r1", calls: ["c1", "c2"], finish: .toolCalls)) == [.identify(Self.call("c1"))])
        #expect(flow.identified(Self.kit, approvedBefore: false, cancelled: false) == [.askApproval(ToolApprovalRequest(call: Self.call("c1"), identity: Self.kit))])
        #expect(flow.approved(.always, cancelled: false) == [.rememberAlways("kit__echo"), .runTool(Self.call("c1"), Self.kit)])
        #expect(flow.ran(Self.result("c1")) == [.report(Self.result("c1")), .identify(Self.call("c2"))])
        // Said "always" before: run without asking.
        #expect(flow.identified(Self.kit, approvedBefore: true, cancelled: false) == [.runTool(Self.call("c2"), Self.kit)])
        #expect(flow.ran(Self.result("c2")) == [.report(Self.result("c2")), .saveResults([Self.result("c1"), Self.result("c2")], after: "r1")])
        #expect(flow.resultsSaved(as: "t1", cancelled: false) == [.beginReply(to: "t1", isFirst: false)])
        #expect(flow.phase == .replying(round: 2, step: .beginning))
        #expect(flow.replyEnded(Self.reply("r2")) == [.end])
    }

    @Test func aPreapprovedToolRunsAtOnceAnUnknownOneAndADeclinedOneAreAnsweredWithWhy() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        _ = flow.replyEnded(Self.reply("r1", calls: ["c1", "c2", "c3"], finish: .toolCalls))
        #expect(flow.identified(Self.trusted, approvedBefore: false, cancelled: false) == [.runTool(Self.call("c1"), Self.trusted)])
        _ = flow.ran(Self.result("c1"))
        let unknown = ToolResult(callID: "c2", content: TurnFlow.unknownTool("kit__echo"), isError: true)
        #expect(flow.identified(nil, approvedBefore: false, cancelled: false) == [.report(unknown), .identify(Self.call("c3"))])
        _ = flow.identified(Self.kit, approvedBefore: false, cancelled: false)
        let declined = ToolResult(callID: "c3", content: TurnFlow.declinedText, isError: true)
        #expect(flow.approved(.deny, cancelled: false) == [.report(declined), .saveResults([Self.result("c1"), unknown, declined], after: "r1")])
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
        _ = flow.identified(Self.trusted, approvedBefore: false, cancelled: false)
        _ = flow.ran(Self.result("c1"))
        _ = flow.resultsSaved(as: "t1", cancelled: false)
        let refused = ToolResult(callID: "c2", content: TurnFlow.refusal(after: 2), isError: true)
        #expect(flow.replyEnded(Self.reply("r2", calls: ["c2"], finish: .toolCalls)) == [.report(refused), .saveResults([refused], after: "r2")])
        #expect(flow.resultsSaved(as: "t2", cancelled: false) == [.end], "no third reply")
    }

    @Test func aCancelAnswersTheCallsLeftUnrunAndEndsTheTurnOnceTheResultsAreSaved() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        _ = flow.replyEnded(Self.reply("r1", calls: ["c1", "c2"], finish: .toolCalls))
        _ = flow.identified(Self.kit, approvedBefore: false, cancelled: false)
        let cancelled = { (id: String) in ToolResult(callID: id, content: TurnFlow.cancelledText, isError: true) }
        #expect(flow.approved(.once, cancelled: true) == [.report(cancelled("c1")), .identify(Self.call("c2"))], "an approval that came after the cancel runs nothing")
        #expect(flow.identified(Self.kit, approvedBefore: false, cancelled: true) == [.report(cancelled("c2")), .saveResults([cancelled("c1"), cancelled("c2")], after: "r1")])
        #expect(flow.resultsSaved(as: "t1", cancelled: true) == [.end])
        #expect(flow.ran(Self.result("late")) == [] && flow.replyEnded(Self.reply("late")) == [], "a finished turn takes nothing more")
    }

    // MARK: compaction, before a request and after a refusal

    @Test func aBranchNearTheWindowIsCompactedBeforeItsRequestAndGoesWholeIfThatFails() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        #expect(flow.begun(nearsTheWindow: false) == [.stream], "well inside the window: straight to the request")
        #expect(flow.streamed(refusedAsTooLong: false, cancelled: false) == [.finishReply])
        #expect(flow.replyEnded(Self.reply("r1")) == [.end])

        var near = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        #expect(near.begun(nearsTheWindow: true) == [.compact(quietWhenNothingToDo: true)])
        #expect(near.phase == .replying(round: 1, step: .compacting(afterRefusal: false)))
        #expect(near.compacted(succeeded: false) == [.stream], "a failed compaction sends the branch whole")
        #expect(near.streamed(refusedAsTooLong: false, cancelled: false) == [.finishReply])
    }

    @Test func aRefusalAsTooLongIsCompactedAndAskedOnceMore() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        _ = flow.begun(nearsTheWindow: false)
        #expect(flow.streamed(refusedAsTooLong: true, cancelled: false) == [.compact(quietWhenNothingToDo: false)])
        #expect(flow.compacted(succeeded: true) == [.stream])
        #expect(flow.phase == .replying(round: 1, step: .streaming(retried: true)))
        #expect(flow.streamed(refusedAsTooLong: true, cancelled: false) == [.finishReply], "once: a second refusal is the reply")

        var unsummarized = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        _ = unsummarized.begun(nearsTheWindow: false)
        _ = unsummarized.streamed(refusedAsTooLong: true, cancelled: false)
        #expect(unsummarized.compacted(succeeded: false) == [.finishReply], "nothing to summarize: the refusal is the reply")

        var cancelled = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false)
        _ = cancelled.begun(nearsTheWindow: false)
        #expect(cancelled.streamed(refusedAsTooLong: true, cancelled: true) == [.finishReply], "a cancelled turn asks nothing more")
    }

    @Test func comparedRepliesAreNeverCompacted() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: false, mayCompact: false)
        #expect(flow.begun(nearsTheWindow: true) == [.stream])
        #expect(flow.streamed(refusedAsTooLong: true, cancelled: false) == [.finishReply])
    }

    @Test func aReplyAfterToolResultsIsMeasuredAndCompactedLikeTheFirst() {
        var flow = TurnFlow(question: "q", maxRounds: 25, toolsOffered: true)
        _ = flow.begun(nearsTheWindow: false)
        _ = flow.streamed(refusedAsTooLong: false, cancelled: false)
        _ = flow.replyEnded(Self.reply("r1", calls: ["c1"], finish: .toolCalls))
        _ = flow.identified(Self.trusted, approvedBefore: false, cancelled: false)
        _ = flow.ran(Self.result("c1"))
        #expect(flow.resultsSaved(as: "t1", cancelled: false) == [.beginReply(to: "t1", isFirst: false)])
        #expect(flow.begun(nearsTheWindow: true) == [.compact(quietWhenNothingToDo: true)])
        #expect(flow.compacted(succeeded: true) == [.stream])
        #expect(flow.phase == .replying(round: 2, step: .streaming(retried: false)))
    }
}
