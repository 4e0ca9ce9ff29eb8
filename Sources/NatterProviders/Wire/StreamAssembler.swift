/// Bytes in, chunks out: one engine's frame decoder and stream interpreter together, with the rules for how
/// a stream may end. The provider feeds it network reads; tests feed it recorded streams split anywhere.
struct StreamAssembler {
    private var decoder: any FrameDecoder
    private var interpreter: any StreamInterpreter

    init(_ wire: any WireFormat) {
        decoder = wire.makeDecoder()
        interpreter = wire.makeInterpreter()
    }

    /// Hands each chunk to `sink` as soon as its frame is read, so that text before a bad frame in the same
    /// network read is still shown and kept.
    mutating func push(_ bytes: some Collection<UInt8>, into sink: (StreamChunk) -> Void) throws(ProviderError) {
        for frame in decoder.push(bytes) {
            for chunk in try interpreter.interpret(frame) { sink(chunk) }
        }
    }

    /// True when the last push held real data, not only keep-alive comments.
    mutating func takeActivity() -> Bool { decoder.takeActivity() }

    /// The end of the bytes. A last line cut off mid-JSON is a reply cut off, not a malformed one; and a
    /// stream without its finish marker is interrupted, however cleanly the connection closed.
    mutating func finish(into sink: (StreamChunk) -> Void) throws(ProviderError) {
        for frame in decoder.finish() {
            do {
                for chunk in try interpreter.interpret(frame) { sink(chunk) }
            } catch where error.kind == .malformedResponse {
                throw ProviderError(.interrupted, "the stream ended in the middle of a message; the reply is incomplete")
            }
        }
        try interpreter.finish()
    }
}
