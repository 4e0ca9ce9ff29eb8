import Foundation

/// The body of a response to a streaming request, told apart by its first bytes before any is interpreted:
/// the event stream that was asked for; or a whole JSON document instead (LiteLLM answers Anthropic stream
/// requests with one complete message; a proxy answers 200 with a JSON error); or a web page (a captive
/// portal, a wrong host). Only the stream is read as it arrives; a document is gathered (at most 16 MB) and
/// read once it is whole.
struct StreamedBodyReader {
    private let wire: any WireFormat
    private let declaredJSON: Bool
    private var assembler: StreamAssembler
    private var mode = Mode.undecided
    /// The bytes seen while undecided, then the whole document.
    private var held: [UInt8] = []

    static let largestDocument = 16 * 1024 * 1024

    private enum Mode { case undecided, stream, document }

    init(wire: any WireFormat, contentType: String?) {
        self.wire = wire
        let type = contentType?.lowercased() ?? ""
        declaredJSON = type.contains("json") && !type.contains("ndjson")
        assembler = StreamAssembler(wire)
    }

    /// Returns true when these bytes were a sign of life for the stall timeout.
    mutating func push(_ bytes: some Collection<UInt8>, into sink: (StreamChunk) -> Void) throws(ProviderError) -> Bool {
        switch mode {
        case .stream:
            try assembler.push(bytes, into: sink)
            return assembler.takeActivity()
        case .document:
            held.append(contentsOf: bytes)
            guard held.count <= Self.largestDocument else {
                throw ProviderError(.malformedResponse, "the provider's reply is larger than 16 MB and is not an event stream")
            }
            return true
        case .undecided:
            held.append(contentsOf: bytes)
            guard let first = held.first(where: { !Self.isSpace($0) }) else { return false }
            if isDocument(startingWith: first) {
                mode = .document
                return true
            }
            mode = .stream
            let start = held
            held = []
            try assembler.push(start, into: sink)
            return assembler.takeActivity()
        }
    }

    mutating func finish(into sink: (StreamChunk) -> Void) throws(ProviderError) {
        switch mode {
        case .undecided, .stream:
            if !held.isEmpty { try assembler.push(held, into: sink) }
            try assembler.finish(into: sink)
        case .document:
            for chunk in try document().chunks { sink(chunk) }
        }
    }

    /// NDJSON lines start with `{` too, so for Ollama only a declared `application/json` body is taken whole.
    private func isDocument(startingWith first: UInt8) -> Bool {
        if first == UInt8(ascii: "<") { return true }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return false }
        return wire.engine != .ollama || declaredJSON
    }

    private func document() throws(ProviderError) -> Completion {
        let data = Data(held)
        if held.first(where: { !Self.isSpace($0) }) == UInt8(ascii: "<") {
            throw ProviderError(
                .malformedResponse,
                "the server answered with a web page, not the provider's API (a captive portal or a proxy's sign-in? check the host)\(Self.pageTitle(data).map { ": \($0)" } ?? "")")
        }
        do {
            return try wire.parseCompletion(data)
        } catch where error.kind == .malformedResponse {
            // A stream after all, sent as application/json (some Ollama-compatible servers do).
            if wire.engine == .ollama, let streamed = try? Self.gathered(data, wire: wire) { return streamed }
            // `{"error": "…"}`, `{"detail": …}` and the like with a 200 status: the server's own words, classified.
            if let message = ErrorClassifier.extractMessage(from: data), (try? JSONValue.parse(data)) != nil {
                throw ProviderError(ErrorClassifier.kind(status: nil, type: nil, code: nil, message: message), message)
            }
            throw error
        }
    }

    /// A whole NDJSON stream read at once.
    private static func gathered(_ data: Data, wire: any WireFormat) throws(ProviderError) -> Completion {
        var assembler = StreamAssembler(wire)
        var reply = CompletionAccumulator()
        try assembler.push(Array(data)) { reply.add($0) }
        try assembler.finish { reply.add($0) }
        guard reply.finished else { throw ProviderError(.malformedResponse, "no finished reply") }
        return reply.completion
    }

    private static func pageTitle(_ data: Data) -> String? {
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
            let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        let title = TerminalText.singleLine(String(text[open.upperBound..<close.lowerBound]), limit: 80)
        return title.isEmpty ? nil : title
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }
}
