import Foundation
import NatterProviders

/// Turns the bytes of a `/generate` response into chunks, however the network splits them: lines come from
/// natter's `NDJSONDecoder`, which keeps a UTF-8 sequence split across reads whole.
struct QuillStreamReader {
    private var lines = NDJSONDecoder()
    private var finished = false

    /// Chunks are delivered line by line, so text before a failing line in the same read is not lost.
    mutating func push(_ bytes: some Collection<UInt8>, into deliver: (StreamChunk) -> Void) throws(ProviderError) {
        for frame in lines.push(bytes) {
            for chunk in try interpret(frame.data) { deliver(chunk) }
        }
    }

    /// The body ended: a reply without its `done` line is interrupted, never complete.
    mutating func finish(into deliver: (StreamChunk) -> Void) throws(ProviderError) {
        for frame in lines.finish() {
            for chunk in try interpret(frame.data) { deliver(chunk) }
        }
        guard finished else { throw ProviderError(.interrupted, "the stream ended before Quill's done line; the reply is incomplete") }
    }

    private mutating func interpret(_ text: String) throws(ProviderError) -> [StreamChunk] {
        let line: QuillLine
        do {
            line = try JSONDecoder().decode(QuillLine.self, from: Data(text.utf8))
        } catch {
            throw ProviderError(.malformedResponse, "Quill sent a line that is not JSON: \(text.prefix(80))")
        }
        if let failure = line.failure { throw failure.providerError(status: nil) }
        if let piece = line.piece { return piece.isEmpty ? [] : [.text(piece)] }
        guard line.done == true else { return [] }
        finished = true
        let usage = Usage(inputTokens: line.usage?.in, outputTokens: line.usage?.out)
        return [.usage(usage), .finished(line.stop == "limit" ? .length : .stop)]
    }
}
