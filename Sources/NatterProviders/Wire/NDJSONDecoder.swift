/// Newline-delimited JSON (Ollama): each non-blank line is one frame. The JSON itself is read by the engine.
public struct NDJSONDecoder: FrameDecoder {
    private var lines = LineSplitter()
    private var activity = false

    public init() {}

    public var overflowed: Bool { lines.overflowed }

    public mutating func push(_ bytes: some Collection<UInt8>) -> [WireFrame] {
        var frames: [WireFrame] = []
        lines.push(bytes) { line in
            if let frame = Self.frame(line) { frames.append(frame) }
        }
        // Whole lines only: see SSEDecoder.
        if !frames.isEmpty { activity = true }
        return frames
    }

    public mutating func finish() -> [WireFrame] {
        var frames: [WireFrame] = []
        lines.finish { line in
            if let frame = Self.frame(line) { frames.append(frame) }
        }
        return frames
    }

    public mutating func takeActivity() -> Bool {
        defer { activity = false }
        return activity
    }

    private static func frame(_ line: UnsafeBufferPointer<UInt8>) -> WireFrame? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        return WireFrame(data: String(decoding: line, as: UTF8.self))
    }
}
