import NatterProviders

/// What the next request will carry, in tokens (SPEC 11): the provider's own count where it gave one (the
/// last reply's input and output tokens), and an estimate for what came after it, or for all of it when no
/// count was given. The estimate is a byte count over four (about right for English and code, low for CJK),
/// 1,600 tokens an image, a few tokens a message for its framing. Under a compaction, the summary is counted
/// in place of the messages it covers, as requests carry it.
public enum ContextMeter {
    public static let tokensPerImage = 1600
    public static let tokensPerMessage = 4

    public static func measure(_ path: [Message], compaction: Compaction? = nil) -> (tokens: Int, isEstimate: Bool) {
        var sent = path[...]
        var tokens = 0
        var estimated = false
        if let compaction, let through = path.firstIndex(where: { $0.id == compaction.through }) {
            sent = path[path.index(after: through)...]
            tokens = estimate(text: compaction.requestText)
            estimated = true
        }
        var counted = sent.startIndex
        if let last = sent.lastIndex(where: { $0.role == .assistant && $0.usage?.inputTokens != nil }), let usage = sent[last].usage,
            let input = usage.inputTokens
        {
            // The provider's count of that request includes the summary, if there was one.
            tokens = ExternalNumber.sum(input, usage.outputTokens ?? estimate(sent[last]))
            estimated = usage.outputTokens == nil
            counted = sent.index(after: last)
        }
        for message in sent[counted...] {
            tokens = ExternalNumber.sum(tokens, estimate(message))
            estimated = true
        }
        return (tokens, estimated)
    }

    public static func estimate(text: String) -> Int {
        ExternalNumber.sum((text.utf8.count + 3) / 4, tokensPerMessage)
    }

    public static func estimate(_ message: Message) -> Int {
        var bytes = 0
        var images = 0
        for part in message.parts {
            switch part {
            case .text(let text): bytes = ExternalNumber.sum(bytes, text.utf8.count)
            case .reasoning: break  // not sent back
            case .attachment(let reference):
                if reference.isImage { images += 1 } else { bytes = ExternalNumber.sum(bytes, max(0, reference.bytes)) }
            case .toolCall(let call): bytes = ExternalNumber.sum(bytes, call.name.utf8.count, call.arguments.utf8.count)
            case .toolResult(let result): bytes = ExternalNumber.sum(bytes, result.content.utf8.count)
            }
        }
        return ExternalNumber.sum(bytes / 4 + (bytes % 4 == 0 ? 0 : 1), images * tokensPerImage, tokensPerMessage)
    }
}
