/// Server-sent events, following the WHATWG parsing rules: `field: value` lines, `:` comments, events
/// dispatched at a blank line, multi-line `data`, CR, LF or CRLF line ends, a leading BOM ignored. One
/// leniency: an event still pending when the stream ends is dispatched, because some servers end with
/// `data: [DONE]` and no blank line.
public struct SSEDecoder: FrameDecoder {
    private var lines = LineSplitter()
    private var eventType: String?
    private var data: [UInt8] = []
    private var hasData = false
    private var atStreamStart = true
    /// The first one or two bytes while they could still be the start of a BOM split across reads.
    private var heldStart: [UInt8] = []
    private var activity = false
    /// An event's `data` lines together passed the longest line allowed.
    private var dataOverflowed = false

    public var overflowed: Bool { lines.overflowed || dataOverflowed }

    public init() {}

    public mutating func push(_ bytes: some Collection<UInt8>) -> [WireFrame] {
        var frames: [WireFrame] = []
        if atStreamStart {
            // The BOM may arrive split over reads; the frames must not depend on where reads end. Only the
            // stream's first bytes are copied for this.
            let head = heldStart + bytes
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if head.count < bom.count, bom.starts(with: head) {
                heldStart = head
                return []
            }
            heldStart = []
            atStreamStart = false
            split(head.starts(with: bom) ? Array(head.dropFirst(bom.count)) : head, into: &frames)
            return frames
        }
        split(bytes, into: &frames)
        return frames
    }

    private mutating func split(_ bytes: some Collection<UInt8>, into frames: inout [WireFrame]) {
        // The splitter is moved out while it calls back into `process`, which mutates the rest of self;
        // swapping (not copying) keeps its buffer uniquely owned, so appending never copies it.
        var splitter = LineSplitter()
        swap(&splitter, &lines)
        splitter.push(bytes) { line in
            if let frame = process(line) { frames.append(frame) }
        }
        swap(&splitter, &lines)
        // Only whole lines count as activity: a server dripping a byte a second into a line that never ends
        // must not keep the silence timer from firing.
    }

    public mutating func finish() -> [WireFrame] {
        var frames: [WireFrame] = []
        if atStreamStart {
            // Half a BOM and then nothing: those bytes were a line's start after all.
            atStreamStart = false
            split(heldStart, into: &frames)
            heldStart = []
        }
        var splitter = LineSplitter()
        swap(&splitter, &lines)
        splitter.finish { line in
            if let frame = process(line) { frames.append(frame) }
        }
        swap(&splitter, &lines)
        if let frame = dispatch() { frames.append(frame) }
        return frames
    }

    public mutating func takeActivity() -> Bool {
        defer { activity = false }
        return activity
    }

    private mutating func process(_ line: UnsafeBufferPointer<UInt8>) -> WireFrame? {
        guard let first = line.first else { return dispatch() }
        if first == UInt8(ascii: ":") { return nil }
        activity = true
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = line[..<(colon ?? line.endIndex)]
        var value = line[(colon.map { $0 + 1 } ?? line.endIndex)...]
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }

        if name.elementsEqual("data".utf8) {
            guard data.count + value.count < LineSplitter.longestLine else {
                dataOverflowed = true
                return nil
            }
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if name.elementsEqual("event".utf8) {
            eventType = String(decoding: value, as: UTF8.self)
        }
        // `id` and `retry` matter only to browsers reconnecting; a chat reply is never resumed.
        return nil
    }

    private mutating func dispatch() -> WireFrame? {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        guard hasData else { return nil }
        return WireFrame(event: eventType, data: String(decoding: data, as: UTF8.self))
    }
}
