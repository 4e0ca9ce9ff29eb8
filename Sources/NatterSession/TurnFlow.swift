import NatterProviders

/// One turn of the conversation as a value: a reply and, while replies ask for tools, the calls' results and the
/// next reply, up to `maxRounds` replies. Each input returns what the session does next; `ChatSession.runTurn`
/// only carries the actions out (streaming, running tools, saving), so the turn's rules are tested on values.
struct TurnFlow: Equatable {
    enum Phase: Equatable {
        /// Reply number `round` is streaming.
        case streaming(round: Int)
        /// Reply `reply`'s tool calls are running (approvals are asked for inside).
        case runningTools(round: Int, reply: String)
        /// The calls' results are being saved, as a message after reply `reply`.
        case savingResults(round: Int)
        case done
    }

    enum Action: Equatable {
        /// Stream a reply to message `to` (the person's message, or the last tool results).
        case streamReply(to: String, isFirst: Bool)
        case runTools([ToolCall])
        /// Past the last round the calls are answered without running; each result is said as it is.
        case refuseTools([ToolResult])
        /// The results as one tool message after reply `after`; the turn goes on with `resultsSaved`.
        case saveResults([ToolResult], after: String)
        case end
    }

    /// What a call past the last round gets instead of running, sent to the model as its result.
    static func refusal(after rounds: Int) -> String { "Not run: natter stops after \(rounds) rounds of tool calls in one turn." }

    private(set) var phase = Phase.streaming(round: 1)
    let question: String
    let maxRounds: Int
    /// Tools were offered with the request: without any, a reply's calls end the turn.
    let toolsOffered: Bool

    init(question: String, maxRounds: Int, toolsOffered: Bool) {
        self.question = question
        self.maxRounds = maxRounds
        self.toolsOffered = toolsOffered
    }

    var start: [Action] { [.streamReply(to: question, isFirst: true)] }

    mutating func replyEnded(_ answer: Message) -> [Action] {
        guard case .streaming(let round) = phase else { return [] }
        guard toolsOffered, answer.finish == .toolCalls || answer.finish == .stop, !answer.toolCalls.isEmpty else {
            phase = .done
            return [.end]
        }
        guard round < maxRounds else {
            let results = answer.toolCalls.map { ToolResult(callID: $0.id, content: Self.refusal(after: maxRounds), isError: true) }
            phase = .savingResults(round: round)
            return [.refuseTools(results), .saveResults(results, after: answer.id)]
        }
        phase = .runningTools(round: round, reply: answer.id)
        return [.runTools(answer.toolCalls)]
    }

    mutating func toolsRan(_ results: [ToolResult]) -> [Action] {
        guard case .runningTools(let round, let reply) = phase else { return [] }
        phase = .savingResults(round: round)
        return [.saveResults(results, after: reply)]
    }

    /// The results are saved as message `id`; `cancelled`: the person cancelled the turn meanwhile.
    mutating func resultsSaved(as id: String, cancelled: Bool) -> [Action] {
        guard case .savingResults(let round) = phase else { return [] }
        guard !cancelled, round < maxRounds else {
            phase = .done
            return [.end]
        }
        phase = .streaming(round: round + 1)
        return [.streamReply(to: id, isFirst: false)]
    }
}
