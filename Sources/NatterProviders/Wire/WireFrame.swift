/// One unit of a streamed reply, whatever the framing: an SSE event (with its `event:` type) or one NDJSON line.
public struct WireFrame: Sendable, Hashable {
    /// The SSE `event:` field; nil for NDJSON and for SSE events without one.
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}

/// Turns bytes into frames. Feeding the same bytes split at any points gives the same frames.
public protocol FrameDecoder: Sendable {
    /// Frames completed by these bytes.
    mutating func push(_ bytes: some Collection<UInt8>) -> [WireFrame]
    /// Frames left when the stream ends (a last line without a newline).
    mutating func finish() -> [WireFrame]
    /// True once any byte other than an SSE comment or a blank line has been seen since the last call: a
    /// keep-alive comment is not a sign of life for the stall timeout.
    mutating func takeActivity() -> Bool
    /// True once a line (or an SSE event) grew past `LineSplitter.longestLine`: the bytes are then dropped
    /// rather than held without limit, and the reply fails as malformed.
    var overflowed: Bool { get }
}

extension FrameDecoder {
    public var overflowed: Bool { false }
}
