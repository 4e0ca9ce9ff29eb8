/// Splits a byte stream into lines at LF, CRLF or a lone CR, however the bytes are chunked. Lines stay
/// bytes until they are whole, so a UTF-8 sequence split across network reads is never decoded in halves.
struct LineSplitter {
    private var partial: [UInt8] = []
    /// A CR ended the last chunk: an LF at the start of the next one belongs to it.
    private var skipLeadingLF = false

    /// True while a line has begun but not ended.
    var hasPartialLine: Bool { !partial.isEmpty }

    mutating func push(_ bytes: some Collection<UInt8>, line: (ArraySlice<UInt8>) throws -> Void) rethrows {
        // An empty read says nothing about the CR before it: the flag waits for a byte.
        guard !bytes.isEmpty else { return }
        var index = bytes.startIndex
        if skipLeadingLF, bytes[index] == 0x0A {
            index = bytes.index(after: index)
        }
        skipLeadingLF = false
        var lineStart = index
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                try emit(bytes[lineStart..<index], line: line)
                let next = bytes.index(after: index)
                if byte == 0x0D {
                    if next == bytes.endIndex {
                        skipLeadingLF = true
                    } else if bytes[next] == 0x0A {
                        index = next
                    }
                }
                index = bytes.index(after: index)
                lineStart = index
            } else {
                index = bytes.index(after: index)
            }
        }
        partial.append(contentsOf: bytes[lineStart..<bytes.endIndex])
    }

    /// The last line when the stream ends without a newline.
    mutating func finish(line: (ArraySlice<UInt8>) throws -> Void) rethrows {
        skipLeadingLF = false
        guard !partial.isEmpty else { return }
        let last = partial
        partial = []
        try line(last[...])
    }

    private mutating func emit(_ tail: some Collection<UInt8>, line: (ArraySlice<UInt8>) throws -> Void) rethrows {
        if partial.isEmpty {
            try line(ArraySlice(tail))
        } else {
            partial.append(contentsOf: tail)
            let whole = partial
            partial = []
            try line(whole[...])
        }
    }
}
