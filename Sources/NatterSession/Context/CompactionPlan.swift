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

    /// The request for a summary of `history` (what a request for it would carry): the conversation as one
    /// text, so no engine refuses it for tool calls without tools or a turn order of its own.
    public static func request(summarizing history: [Message], model: String, parameters: ModelParameters) -> ChatRequest {
        var text = "Summarize this conversation:\n\n"
        for message in history {
            text += "## \(speaker(message))\n"
            for part in message.parts {
                switch part {
                case .text(let words): text += words + "\n"
                case .reasoning: break
                case .attachment(let reference): text += "[attached: \(reference.name)]\n"
                case .toolCall(let call): text += "[called \(call.name) with \(call.arguments)]\n"
                case .toolResult(let result): text += "[\(result.isError ? "error" : "result"): \(result.content)]\n"
                }
            }
            text += "\n"
        }
        var parameters = parameters
        parameters.maxTokens = nil  // the summary is as long as it needs; the model's own limit holds
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
