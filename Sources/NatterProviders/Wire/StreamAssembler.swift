/// Bytes in, chunks out: one engine's frame decoder and stream interpreter together, with the rules for how
/// a stream may end. The provider feeds it network reads; tests and the benchmark feed it recorded streams
/// split anywhere; a provider written in Swift for an API that speaks one of the three formats can use it too.
public struct StreamAssembler {
    private var decoder: any FrameDecoder
    private var interpreter: any StreamInterpreter
    /// Set once the finish marker was read: whatever a server sends after `[DONE]` or `message_stop` is not
    /// part of the reply.
    private var finished = false

    init(_ wire: any WireFormat) {
        decoder = wire.makeDecoder()
        interpreter = wire.makeInterpreter()
    }

    public init(engine: Engine) {
        self.init(WireFormats.format(for: engine))
    }

    /// Hands each chunk to `sink` as soon as its frame is read, so that text before a bad frame in the same
    /// network read is still shown and kept.
    public mutating func push(_ bytes: some Collection<UInt8>, into sink: (StreamChunk) -> Void) throws(ProviderError) {
        guard !finished else { return }
        let frames = decoder.push(bytes)
        for frame in frames {
            try interpret(frame, into: sink)
            if finished { return }
        }
        if decoder.overflowed {
            throw ProviderError(
                .malformedResponse, "a line of the stream grew past \(LineSplitter.longestLine >> 20) MB without ending; the reply is cut off there")
        }
    }

    private mutating func interpret(_ frame: WireFrame, into sink: (StreamChunk) -> Void) throws(ProviderError) {
        for chunk in try interpreter.interpret(frame) {
            sink(chunk)
            if case .finished = chunk {
                finished = true
                return
            }
        }
    }

    /// True when the last push held real data, not only keep-alive comments.
    public mutating func takeActivity() -> Bool { decoder.takeActivity() }

    /// The end of the bytes. A last line cut off mid-JSON is a reply cut off, not a malformed one; and a
    /// stream without its finish marker is interrupted, however cleanly the connection closed.
    public mutating func finish(into sink: (StreamChunk) -> Void) throws(ProviderError) {
        guard !finished else { return }
        for frame in decoder.finish() {
            do {
                try interpret(frame, into: sink)
                if finished { return }
            } catch where error.kind == .malformedResponse {
                throw ProviderError(.interrupted, "the stream ended in the middle of a message; the reply is incomplete")
            }
        }
        try interpreter.finish()
    }
}
