/// The events nearly every Anthropic token arrives in — `content_block_delta` with text or thinking, and the
/// bare `ping`, `content_block_stop` and `message_stop` — read with `JSONScanner` instead of `Codable`.
/// Anything else (a message, a content block, usage, an error, a name given twice) or anything the scanner
/// cannot vouch for answers nil, and the event goes through `JSONDecoder`; so this is only ever a faster way
/// to the same `Event`.
extension AnthropicStreamInterpreter.Event {
    static func scanned(_ text: String) -> Self? {
        JSONScanner.scanWhole(text, scan)
    }

    private typealias Unexpected = JSONScanner.Unexpected

    private static func scan(_ scanner: inout JSONScanner) throws(Unexpected) -> Self {
        var type: String?
        var index: Int?
        var delta: Delta?
        var seen = (index: false, delta: false)
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("type") {
                guard type == nil else { throw Unexpected() }
                type = try scanner.readString()
            } else if name.is("index") {
                guard !seen.index else { throw Unexpected() }
                seen.index = true
                index = try scanner.readOptionalInteger()
            } else if name.is("delta") {
                guard !seen.delta else { throw Unexpected() }
                seen.delta = true
                delta = scanner.readNull() ? nil : try scanDelta(&scanner)
            } else if name.is("message") || name.is("content_block") || name.is("usage") || name.is("error") {
                guard scanner.readNull() else { throw Unexpected() }
            } else {
                try scanner.skipValue()
            }
        }
        guard let type else { throw Unexpected() }
        return Self(type: type, index: index, message: nil, content_block: nil, delta: delta, usage: nil, error: nil)
    }

    private static func scanDelta(_ scanner: inout JSONScanner) throws(Unexpected) -> Delta {
        // type, text, thinking, partial_json, stop_reason: each a string or null, at most once.
        var fields: [String?] = [nil, nil, nil, nil, nil]
        var seen = [false, false, false, false, false]
        try scanner.readObject { scanner, name throws(Unexpected) in
            let field: Int
            if name.is("type") {
                field = 0
            } else if name.is("text") {
                field = 1
            } else if name.is("thinking") {
                field = 2
            } else if name.is("partial_json") {
                field = 3
            } else if name.is("stop_reason") {
                field = 4
            } else {
                try scanner.skipValue()
                return
            }
            guard !seen[field] else { throw Unexpected() }
            seen[field] = true
            fields[field] = try scanner.readOptionalString()
        }
        return Delta(type: fields[0], text: fields[1], thinking: fields[2], partial_json: fields[3], stop_reason: fields[4])
    }
}
