import NatterProviders

/// StreamChunk in a form that is quick to write in an expected list.
enum StreamChunkSummary: Equatable, CustomStringConvertible {
    case text(String)
    case reasoning(String)
    case usage(Int?, Int?)
    case finished(String)
    case toolCall(Int, String?, String)
    case retrying(Int)

    init(_ chunk: StreamChunk) {
        switch chunk {
        case .text(let text): self = .text(text)
        case .reasoning(let text): self = .reasoning(text)
        case .usage(let usage): self = .usage(usage.inputTokens, usage.outputTokens)
        case .finished(let reason): self = .finished(reason.rawValue)
        case .toolCall(let call): self = .toolCall(call.index, call.name, call.argumentsFragment)
        case .retrying(let notice): self = .retrying(notice.attempt)
        }
    }

    var description: String {
        switch self {
        case .text(let text): return "text(\(text))"
        case .reasoning(let text): return "reasoning(\(text))"
        case .usage(let input, let output): return "usage(\(input ?? -1), \(output ?? -1))"
        case .finished(let reason): return "finished(\(reason))"
        case .toolCall(let index, let name, let arguments): return "toolCall(\(index), \(name ?? "-"), \(arguments))"
        case .retrying(let attempt): return "retrying(\(attempt))"
        }
    }
}

/// Texts run together, so that how a stream was split into chunks does not matter to a comparison.
func coalesced(_ chunks: [StreamChunkSummary]) -> [StreamChunkSummary] {
    var result: [StreamChunkSummary] = []
    for chunk in chunks {
        switch (result.last, chunk) {
        case (.text(let before)?, .text(let more)):
            result[result.count - 1] = .text(before + more)
        case (.reasoning(let before)?, .reasoning(let more)):
            result[result.count - 1] = .reasoning(before + more)
        default:
            result.append(chunk)
        }
    }
    return result
}
