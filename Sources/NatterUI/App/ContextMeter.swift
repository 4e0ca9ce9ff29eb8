import NatterProviders

/// What the next request will carry, in tokens (SPEC 11): the provider's own count where it gave one (the
/// last reply's input and output tokens), and an estimate for what came after it, or for all of it when no
/// count was given. The estimate is a byte count over four (about right for English and code, low for CJK),
/// 1,600 tokens an image, a few tokens a message for its framing.
enum ContextMeter {
    static let tokensPerImage = 1600
    static let tokensPerMessage = 4

    static func measure(_ path: [Message]) -> (tokens: Int, isEstimate: Bool) {
        var tokens = 0
        var estimated = false
        var counted = path.startIndex
        if let last = path.lastIndex(where: { $0.role == .assistant && $0.usage?.inputTokens != nil }), let usage = path[last].usage,
            let input = usage.inputTokens
        {
            tokens = ExternalNumber.sum(input, usage.outputTokens ?? estimate(path[last]))
            estimated = usage.outputTokens == nil
            counted = path.index(after: last)
        }
        for message in path[counted...] {
            tokens = ExternalNumber.sum(tokens, estimate(message))
            estimated = true
        }
        return (tokens, estimated)
    }

    static func estimate(_ message: Message) -> Int {
        var bytes = 0
        var images = 0
        for part in message.parts {
            switch part {
            case .text(let text): bytes += text.utf8.count
            case .reasoning: break  // not sent back
            case .attachment(let reference):
                if reference.isImage { images += 1 } else { bytes = ExternalNumber.sum(bytes, max(0, reference.bytes)) }
            case .toolCall(let call): bytes += call.name.utf8.count + call.arguments.utf8.count
            case .toolResult(let result): bytes += result.content.utf8.count
            }
        }
        return ExternalNumber.sum(ExternalNumber.sum((bytes + 3) / 4, images * tokensPerImage), tokensPerMessage)
    }
}
