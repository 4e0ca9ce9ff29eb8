import NatterProviders

/// Where a compaction cuts a branch and what the model is asked, as pure functions of the branch.
public enum CompactionPlan {
    /// A request is compacted first when what it carries passes this share of the model's window: the reply
    /// needs room too, and the estimate can be low (CJK text, a provider's own framing).
    public static let threshold = 0.9
    /// After compacting, the recent turns kept word for word take at most this share of the window.
    public static let keptShare = 0.25

    /// Whether a request carrying `tokens` should be compacted first, for a model of `window` tokens.
    public static func isOverThreshold(_ tokens: Int, window: Int) -> Bool {
        window > 0 && Double(tokens) > Double(window) * threshold
    }

    /// The index in `path` of the last message to summarize, or nil when there is nothing worth it. A cut
    /// falls after a whole exchange (a reply with no calls pending, followed by the person's message or by
    /// nothing), after what `existing` already covers; of those, the earliest whose remainder fits `keep`
    /// tokens (the most history kept word for word), else the latest. No `keep`: the latest.
    public static func cut(_ path: [Message], keep: Int?, after existing: Compaction?) -> Int? {
        let start = existing.flatMap { compaction in path.firstIndex { $0.id == compaction.through } }.map { $0 + 1 } ?? 0
        var candidates: [Int] = []
        for index in path.indices where index >= start {
            let message = path[index]
            guard message.role == .assistant, !message.isEmptyReply, message.toolCalls.isEmpty else { continue }
            let next = index + 1 < path.count ? path[index + 1] : nil
            guard next == nil || next?.role == .user else { continue }
            // A summary of one reply to one question saves nothing.
            guard index - start >= 1 || existing != nil else { continue }
            candidates.append(index)
        }
        guard let latest = candidates.last else { return nil }
        guard let keep else { return latest }
        var remainder = 0
        var fitsFrom = path.count  // the earliest index from which the rest fits
        for index in path.indices.reversed() {
            remainder = ExternalNumber.sum(remainder, ContextMeter.estimate(path[index]))
            if remainder > keep { break }
            fitsFrom = index
        }
        return candidates.first { $0 + 1 >= fitsFrom } ?? latest
    }

    /// What the model is told to do.
    static let instructions = """
        You summarize a conversation between a person and an AI assistant so that it can go on with the summary \
        in place of the messages. Keep what the rest of the conversation may need: the person's goals, \
        questions and preferences; decisions and conclusions; facts, names, numbers, file paths, commands and \
        code that were given or agreed on; what was tried and what came of it; and what is still open. Leave out \
        pleasantries and repetition. Write in the conversation's language, as compact notes, without a preamble.
        """

    /// How much of the conversation one summary request may carry, in tokens: what fits the window (to the
    /// threshold; 32,000 where no window is known) beside the instructions, the summary so far and the summary
    /// it asks for. A 200-message conversation on an 8,192-token model once went out as one 98,000-token
    /// summary request, and a 1 GB transcript as a 1 GB one.
    public static func pieceBudget(window: Int?) -> Int {
        let room = window.flatMap { $0 > 0 ? Int(Double($0) * threshold) : nil } ?? 32_000
        let framing = ContextMeter.estimate(text: instructions) + 64
        return max(64, room - 2 * summaryLimit(window: window) - framing)
    }

    /// The largest summary taken, in tokens: an eighth of the window (8,000 where none is known). A larger one
    /// would crowd out the conversation it stands in for in every later request.
    public static func summaryLimit(window: Int?) -> Int {
        guard let window, window > 0 else { return 8_000 }
        return max(128, window / 8)
    }

    /// At most this many summary requests for one compaction; a history needing more is refused with why.
    public static let mostRounds = 32

    /// The conversation as the summary request shows it, in pieces of at most `budget` tokens each (by the
    /// meter's estimate): whole messages while they fit, and a message larger than a piece cut into slices.
    public static func pieces(_ history: [Message], budget: Int) -> [String] {
        let limit = max(64, budget) * 4  // bytes, as the meter counts them
        var pieces: [String] = []
        var current = ""
        func close() {
            if !current.isEmpty { pieces.append(current) }
            current = ""
        }
        for message in history {
            let block = text(of: message)
            if current.utf8.count + block.utf8.count > limit { close() }
            guard block.utf8.count > limit else {
                current += block
                continue
            }
            for slice in slices(of: block, bytes: limit) {
                current = slice
                close()
            }
        }
        close()
        return pieces
    }

    /// One message as the summary request writes it.
    private static func text(of message: Message) -> String {
        var text = "## \(speaker(message))\n"
        for part in message.parts {
            switch part {
            case .text(let words): text += words + "\n"
            case .reasoning: break
            case .attachment(let reference): text += "[attached: \(reference.name)]\n"
            case .toolCall(let call): text += "[called \(call.name) with \(call.arguments)]\n"
            case .toolResult(let result): text += "[\(result.isError ? "error" : "result"): \(result.content)]\n"
            }
        }
        return text + "\n"
    }

    /// `text` in slices of at most `bytes` UTF-8 bytes, cut between characters.
    private static func slices(of text: String, bytes: Int) -> [String] {
        TextPieces.split(text, limit: bytes) { $0.utf8.count }
    }

    /// The request for a summary of one piece of the conversation, given the summary of the pieces before it
    /// (a rolling summary: each request fits the window however long the history).
    public static func request(piece: String, summarySoFar: String?, model: String, parameters: ModelParameters, limit: Int) -> ChatRequest {
        var text = ""
        if let summarySoFar {
            text += "Summarize this conversation. A summary of its beginning:\n\n\(summarySoFar)\n\nIt goes on as below; write one summary of all of it.\n\n"
        } else {
            text += "Summarize this conversation:\n\n"
        }
        text += piece
        var parameters = parameters
        // The model is stopped at the largest summary taken: a small model rambling past it once had its whole
        // summary refused, and the conversation then went out whole and over the window.
        parameters.maxTokens = limit
        return ChatRequest(
            messages: [.user(text)], config: ModelConfig(model: model, systemPrompt: instructions, parameters: parameters))
    }

    private static func speaker(_ message: Message) -> String {
        switch message.role {
        case .user: return "Person"
        case .assistant: return "Assistant"
        case .tool: return "Tool results"
        case .system: return "System"
        }
    }
}
