/// Ollama's NDJSON lines, one per token, read with `JSONScanner` instead of `Codable`. A line the scanner
/// cannot vouch for (a name given twice, a count that is not a plain whole number, a value of another type)
/// answers nil and goes through `JSONDecoder`; so this is only ever a faster way to the same `Line`.
extension OllamaWireFormat.Line {
    static func scanned(_ text: String) -> Self? {
        JSONScanner.scanWhole(text, scan)
    }

    private typealias Unexpected = JSONScanner.Unexpected

    private static func scan(_ scanner: inout JSONScanner) throws(Unexpected) -> Self {
        var message: Message?
        var done: Bool?
        var doneReason: String?
        var counts: (prompt: ReportedCount?, eval: ReportedCount?)
        var error: String?
        var seen: Set<String> = []
        try scanner.readObject { scanner, name throws(Unexpected) in
            // Each field at most once: which of two a decoder keeps is JSONDecoder's to say.
            func once(_ field: String) throws(Unexpected) {
                guard seen.insert(field).inserted else { throw Unexpected() }
            }
            if name.is("message") {
                try once("message")
                message = scanner.readNull() ? nil : try scanMessage(&scanner)
            } else if name.is("done") {
                try once("done")
                done = try scanner.readOptionalBool()
            } else if name.is("done_reason") {
                try once("done_reason")
                doneReason = try scanner.readOptionalString()
            } else if name.is("prompt_eval_count") {
                try once("prompt_eval_count")
                counts.prompt = try scanner.readOptionalInteger().map(ReportedCount.init)
            } else if name.is("eval_count") {
                try once("eval_count")
                counts.eval = try scanner.readOptionalInteger().map(ReportedCount.init)
            } else if name.is("error") {
                try once("error")
                error = try scanner.readOptionalString()
            } else {
                try scanner.skipValue()
            }
        }
        return Self(
            message: message, done: done, done_reason: doneReason, prompt_eval_count: counts.prompt, eval_count: counts.eval,
            error: error)
    }

    private static func scanMessage(_ scanner: inout JSONScanner) throws(Unexpected) -> Message {
        var content: String?
        var thinking: String?
        var seen = (content: false, thinking: false)
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("content") {
                guard !seen.content else { throw Unexpected() }
                seen.content = true
                content = try scanner.readOptionalString()
            } else if name.is("thinking") {
                guard !seen.thinking else { throw Unexpected() }
                seen.thinking = true
                thinking = try scanner.readOptionalString()
            } else if name.is("tool_calls") {
                guard scanner.readNull() else { throw Unexpected() }  // calls are rare: the decoder reads them
            } else {
                try scanner.skipValue()
            }
        }
        return Message(content: content, thinking: thinking, tool_calls: nil)
    }
}
