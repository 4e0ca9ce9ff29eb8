/// The chunk nearly every OpenAI-style token arrives in — a text or reasoning delta, perhaps a finish reason —
/// read with `JSONScanner` instead of `Codable`. Anything rarer (tool calls, usage, an error, a `message`, a
/// name given twice) or anything the scanner cannot vouch for answers nil, and the chunk goes through
/// `JSONDecoder` as before; so this is only ever a faster way to the same `Chunk`.
extension OpenAIWireFormat.Chunk {
    static func scanned(_ text: String) -> Self? {
        JSONScanner.scanWhole(text, scan)
    }

    private typealias Unexpected = JSONScanner.Unexpected

    private static func scan(_ scanner: inout JSONScanner) throws(Unexpected) -> Self {
        var choices: [Choice]?
        var seen = false
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("choices") {
                guard !seen else { throw Unexpected() }
                seen = true
                if scanner.readNull() { return }
                var list: [Choice] = []
                try scanner.readArray { scanner throws(Unexpected) in list.append(try scanChoice(&scanner)) }
                choices = list
            } else if name.is("usage") || name.is("error") {
                guard scanner.readNull() else { throw Unexpected() }
            } else {
                try scanner.skipValue()
            }
        }
        return Self(choices: choices, usage: nil, error: nil)
    }

    private static func scanChoice(_ scanner: inout JSONScanner) throws(Unexpected) -> Choice {
        var delta: Delta?
        var finishReason: String?
        var seen = (delta: false, finishReason: false)
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("delta") {
                guard !seen.delta else { throw Unexpected() }
                seen.delta = true
                delta = scanner.readNull() ? nil : try scanDelta(&scanner)
            } else if name.is("finish_reason") {
                guard !seen.finishReason else { throw Unexpected() }
                seen.finishReason = true
                finishReason = try scanner.readOptionalString()
            } else if name.is("message") {
                guard scanner.readNull() else { throw Unexpected() }
            } else {
                try scanner.skipValue()
            }
        }
        return Choice(delta: delta, message: nil, finish_reason: finishReason)
    }

    private static func scanDelta(_ scanner: inout JSONScanner) throws(Unexpected) -> Delta {
        var content: String?
        var reasoningContent: String?
        var reasoning: String?
        var seen = (content: false, reasoningContent: false, reasoning: false)
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("content") {
                guard !seen.content else { throw Unexpected() }
                seen.content = true
                content = try scanner.readOptionalString()
            } else if name.is("reasoning_content") {
                guard !seen.reasoningContent else { throw Unexpected() }
                seen.reasoningContent = true
                reasoningContent = try scanner.readOptionalString()
            } else if name.is("reasoning") {
                guard !seen.reasoning else { throw Unexpected() }
                seen.reasoning = true
                reasoning = try scanner.readOptionalString()
            } else if name.is("tool_calls") {
                guard scanner.readNull() else { throw Unexpected() }
            } else {
                try scanner.skipValue()
            }
        }
        return Delta(content: content, reasoning_content: reasoningContent, reasoning: reasoning, tool_calls: nil)
    }
}
