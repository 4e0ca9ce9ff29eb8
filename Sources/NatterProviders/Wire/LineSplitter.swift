/// Splits a byte stream into lines at LF, CRLF or a lone CR, however the bytes are chunked. Lines stay
/// bytes until they are whole, so a UTF-8 sequence split across network reads is never decoded in halves.
///
/// Lines are handed out as views into the caller's bytes (or into the carried-over partial line), valid
/// only during the callback: copying every line would cost an allocation per SSE field.
struct LineSplitter {
    private var partial: [UInt8] = []
    /// A CR ended the last chunk: an LF at the start of the next one belongs to it.
    private var skipLeadingLF = false
    /// Set when a line passed `longestLine`; the line's bytes are dropped from then on.
    private(set) var overflowed = false

    /// No real event comes near this; an endless `data:` line once grew natter past a gigabyte.
    static let longestLine = 16 * 1024 * 1024

    /// True while a line has begun but not ended.
    var hasPartialLine: Bool { !partial.isEmpty }

    mutating func push(_ bytes: some Collection<UInt8>, line: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        // Network reads (ByteBufferView) and arrays are contiguous: scan their memory directly rather than
        // through the generic Collection interface, which costs a witness call per byte across modules.
        let handled: Void? = try bytes.withContiguousStorageIfAvailable { try push(buffer: $0, line: line) }
        if handled == nil {
            try Array(bytes).withUnsafeBufferPointer { try push(buffer: $0, line: line) }
        }
    }

    /// The last line when the stream ends without a newline.
    mutating func finish(line: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        skipLeadingLF = false
        guard !partial.isEmpty else { return }
        let last = partial
        partial = []
        try last.withUnsafeBufferPointer { try line($0) }
    }

    private mutating func push(buffer bytes: UnsafeBufferPointer<UInt8>, line: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let count = bytes.count
        // An empty read says nothing about the CR before it: the flag waits for a byte.
        guard count > 0 else { return }
        var index = 0
        if skipLeadingLF, bytes[index] == 0x0A { index += 1 }
        skipLeadingLF = false
        var lineStart = index
        while index < count {
            let byte = bytes[index]
            // Most bytes are neither CR nor LF; one comparison rules both out.
            if byte > 0x0D || (byte != 0x0A && byte != 0x0D) {
                index += 1
                continue
            }
            try emit(UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), line: line)
            index += 1
            if byte == 0x0D {
                if index == count {
                    skipLeadingLF = true
                } else if bytes[index] == 0x0A {
                    index += 1
                }
            }
            lineStart = index
        }
        if lineStart < count {
            guard partial.count + (count - lineStart) <= Self.longestLine else {
                overflowed = true
                partial = []
                return
            }
            partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
        }
    }

    private mutating func emit(_ tail: UnsafeBufferPointer<UInt8>, line: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        if partial.isEmpty {
            try line(tail)
        } else {
            partial.append(contentsOf: tail)
            try partial.withUnsafeBufferPointer { try line($0) }
            partial.removeAll(keepingCapacity: true)
        }
    }
}
