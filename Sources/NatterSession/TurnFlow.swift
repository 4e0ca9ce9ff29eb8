import NatterProviders

/// One turn of the conversation as a value: a reply (its branch compacted first when it nears the model's
/// window, and once more after a refusal as too long) and, while replies ask for tools, each call looked up,
/// approved (or declined), run, its result reported, the results saved and the next reply, up to `maxRounds`
/// replies. Each input returns what the session does next; `ChatSession.runTurn` only carries the actions out
/// (compacting, streaming, asking the approver, running tools, saving), so the turn's rules are tested on values.
struct TurnFlow: Equatable {
    /// Where reply number `round` stands.
    enum ReplyStep: Equatable {
        /// Begun: its provider is being found and its branch measured (`begun` takes the measure).
        case beginning
        /// The branch is being compacted: before the request, or after a refusal as too long.
        case compacting(afterRefusal: Bool)
        /// The request streams; `retried` once it is the second, after a compaction for a refusal.
        case streaming(retried: Bool)
        /// Saved and said (`replyEnded` takes it).
        case finishing
    }

    enum Phase: Equatable {
        case replying(round: Int, step: ReplyStep)
        /// Reply `reply`'s calls, answered one after another in order: `results` so far, the next call's
        /// identity once it is known (while its approval is asked).
        case runningTools(round: Int, reply: String, calls: [ToolCall], results: [ToolResult], identity: ToolIdentity?)
        /// The calls' results are being saved as a message after the reply.
        case savingResults(round: Int)
        case done
    }

    enum Action: Equatable {
        /// Begin a reply to message `to` (the person's message, or the last tool results): said, its provider
        /// found (`replyEnded` when it cannot be) and its branch measured (`begun`).
        case beginReply(to: String, isFirst: Bool)
        /// Compact the reply's branch (`compacted` takes whether it was); `quietWhenNothingToDo` before a
        /// request, where nothing to summarize is no news.
        case compact(quietWhenNothingToDo: Bool)
        /// Send the request and stream the reply (`streamed` takes how it ended).
        case stream
        /// Save the reply and say it ended (`replyEnded` takes it).
        case finishReply
        /// Which server's tool the call names (`identified` takes the answer).
        case identify(ToolCall)
        /// The person's word on the call (`approved` takes it).
        case askApproval(ToolApprovalRequest)
        /// "Always" for this tool, for the rest of the session.
        case rememberAlways(String)
        /// Run it (`ran` takes its result).
        case runTool(ToolCall, ToolIdentity)
        /// A call's result, said as it comes.
        case report(ToolResult)
        /// The results as one tool message after reply `after`; the turn goes on with `resultsSaved`.
        case saveResults([ToolResult], after: String)
        case end
    }

    /// What a call past the last round gets instead of running, sent to the model as its result.
    static func refusal(after rounds: Int) -> String { "Not run: natter stops after \(rounds) rounds of tool calls in one turn." }
    static let cancelledText = "Not run: the person cancelled the turn."
    static let declinedText = "The person declined to run this tool call."
    static func unknownTool(_ name: String) -> String { "There is no tool named \(name)." }

    private(set) var phase = Phase.replying(round: 1, step: .beginning)
    let question: String
    let maxRounds: Int
    /// Tools were offered with the request: without any, a reply's calls end the turn.
    let toolsOffered: Bool
    /// The branch may be compacted for this turn's replies (not while comparing, where each model's window differs
    /// and the branch is shared).
    let mayCompact: Bool

    init(question: String, maxRounds: Int, toolsOffered: Bool, mayCompact: Bool = true) {
        self.question = question
        self.maxRounds = maxRounds
        self.toolsOffered = toolsOffered
        self.mayCompact = mayCompact
    }

    var start: [Action] { [.beginReply(to: question, isFirst: true)] }

    /// The reply has begun; `nearsTheWindow`: its branch, measured, is past the point where it is compacted first.
    mutating func begun(nearsTheWindow: Bool) -> [Action] {
        guard case .replying(let round, .beginning) = phase else { return [] }
        guard mayCompact, nearsTheWindow else {
            phase = .replying(round: round, step: .streaming(retried: false))
            return [.stream]
        }
        phase = .replying(round: round, step: .compacting(afterRefusal: false))
        return [.compact(quietWhenNothingToDo: true)]
    }

    /// The compaction ended; `succeeded`: the branch is summarized now. One before the request that failed
    /// sends the branch whole; one after a refusal that failed leaves the refusal as the reply.
    mutating func compacted(succeeded: Bool) -> [Action] {
        guard case .replying(let round, .compacting(let afterRefusal)) = phase else { return [] }
        guard afterRefusal, !succeeded else {
            phase = .replying(round: round, step: .streaming(retried: afterRefusal))
            return [.stream]
        }
        phase = .replying(round: round, step: .finishing)
        return [.finishReply]
    }

    /// The stream ended; `refusedAsTooLong`: the server said the request was longer than the window, before any
    /// text (the window was unknown, or the estimate low): compacted and asked once more.
    mutating func streamed(refusedAsTooLong: Bool, cancelled: Bool) -> [Action] {
        guard case .replying(let round, .streaming(let retried)) = phase else { return [] }
        guard refusedAsTooLong, mayCompact, !retried, !cancelled else {
            phase = .replying(round: round, step: .finishing)
            return [.finishReply]
        }
        phase = .replying(round: round, step: .compacting(afterRefusal: true))
        return [.compact(quietWhenNothingToDo: false)]
    }

    /// The reply as saved (or as it failed before a request could be made).
    mutating func replyEnded(_ answer: Message) -> [Action] {
        guard case .replying(let round, _) = phase else { return [] }
        guard toolsOffered, answer.finish == .toolCalls || answer.finish == .stop, let first = answer.toolCalls.first else {
            phase = .done
            return [.end]
        }
        guard round < maxRounds else {
            let results = answer.toolCalls.map { ToolResult(callID: $0.id, content: Self.refusal(after: maxRounds), isError: true) }
            phase = .savingResults(round: round)
            return results.map(Action.report) + [.saveResults(results, after: answer.id)]
        }
        phase = .runningTools(round: round, reply: answer.id, calls: answer.toolCalls, results: [], identity: nil)
        return [.identify(first)]
    }

    /// The call's tool, or nil when no server has it; `approvedBefore`: "always" was said for it this session;
    /// `cancelled`: the person cancelled the turn meanwhile.
    mutating func identified(_ identity: ToolIdentity?, approvedBefore: Bool, cancelled: Bool) -> [Action] {
        guard case .runningTools(let round, let reply, let calls, let results, _) = phase, results.count < calls.count else { return [] }
        let call = calls[results.count]
        if cancelled { return answered(ToolResult(callID: call.id, content: Self.cancelledText, isError: true)) }
        guard let identity else { return answered(ToolResult(callID: call.id, content: Self.unknownTool(call.name), isError: true)) }
        if identity.preapproved || approvedBefore { return [.runTool(call, identity)] }
        phase = .runningTools(round: round, reply: reply, calls: calls, results: results, identity: identity)
        return [.askApproval(ToolApprovalRequest(call: call, identity: identity))]
    }

    mutating func approved(_ decision: ToolApproval, cancelled: Bool) -> [Action] {
        guard case .runningTools(_, _, let calls, let results, let identity?) = phase, results.count < calls.count else { return [] }
        let call = calls[results.count]
        if cancelled { return answered(ToolResult(callID: call.id, content: Self.cancelledText, isError: true)) }
        switch decision {
        case .once: return [.runTool(call, identity)]
        case .always: return [.rememberAlways(call.name), .runTool(call, identity)]
        case .deny: return answered(ToolResult(callID: call.id, content: Self.declinedText, isError: true))
        }
    }

    mutating func ran(_ result: ToolResult) -> [Action] {
        guard case .runningTools = phase else { return [] }
        return answered(result)
    }

    /// The results are saved as message `id`; `cancelled`: the person cancelled the turn meanwhile.
    mutating func resultsSaved(as id: String, cancelled: Bool) -> [Action] {
        guard case .savingResults(let round) = phase else { return [] }
        guard !cancelled, round < maxRounds else {
            phase = .done
            return [.end]
        }
        phase = .replying(round: round + 1, step: .beginning)
        return [.beginReply(to: id, isFirst: false)]
    }

    /// The current call answered: reported, then the next call, or the results saved after the last.
    private mutating func answered(_ result: ToolResult) -> [Action] {
        guard case .runningTools(let round, let reply, let calls, var results, _) = phase else { return [] }
        results.append(result)
        guard results.count < calls.count else {
            phase = .savingResults(round: round)
            return [.report(result), .saveResults(results, after: reply)]
        }
        phase = .runningTools(round: round, reply: reply, calls: calls, results: results, identity: nil)
        return [.report(result), .identify(calls[results.count])]
    }
}
