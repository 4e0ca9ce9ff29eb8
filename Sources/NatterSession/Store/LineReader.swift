import Foundation

/// Reads a file line by line through one reusable buffer, so a 50 MB transcript or 200 MB of them never sits
/// in memory whole. Lines are handed out as raw bytes (without the newline) with the byte offset just past
/// them, which is where reading can later pick up again in an append-only file.
struct LineReader {
    /// One line: its bytes (valid only during the callback), where it ends in the file, and whether a newline
    /// ended it (the last line of a file cut off mid-write has none).
    struct Line {
        var bytes: UnsafeRawBufferPointer
        var endOffset: Int
        var isTerminated: Bool
    }

    static let chunkSize = 1 << 20

    /// Calls `body` for each line from `offset` on; `body` returns false to stop early.
    static func forEachLine(path: String, from offset: Int = 0, _ body: (Line) throws -> Bool) throws(TranscriptError) {
        // Never through a symbolic link: a link in the sessions folder could point anywhere (SessionStore skips them).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw TranscriptError.cannotRead(path: path, reason: TranscriptError.reason(errno)) }
        defer { close(descriptor) }
        if offset > 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw TranscriptError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var filled = 0
        var position = offset  // file offset of buffer[0]
        var reachedEnd = false
        do {
            while !reachedEnd {
                if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }  // a line longer than the buffer
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw TranscriptError.cannotRead(path: path, reason: String(cString: strerror(errno)))
                }
                reachedEnd = count == 0
                filled += count
                var consumed = 0
                let keepGoing = try buffer.withUnsafeBytes { all -> Bool in
                    let base = all.baseAddress!
                    while consumed < filled {
                        guard let newline = memchr(base + consumed, 0x0A, filled - consumed) else { break }
                        let end = base.distance(to: UnsafeRawPointer(newline))
                        let line = Line(
                            bytes: UnsafeRawBufferPointer(start: base + consumed, count: end - consumed),
                            endOffset: position + end + 1, isTerminated: true)
                        consumed = end + 1
                        if try !body(line) { return false }
                    }
                    if reachedEnd, consumed < filled {
                        let line = Line(
                            bytes: UnsafeRawBufferPointer(start: base + consumed, count: filled - consumed),
                            endOffset: position + filled, isTerminated: false)
                        consumed = filled
                        if try !body(line) { return false }
                    }
                    return true
                }
                guard keepGoing else { return }
                if consumed > 0 {
                    buffer.withUnsafeMutableBytes { all in
                        let base = all.baseAddress!
                        memmove(base, base + consumed, filled - consumed)
                    }
                    filled -= consumed
                    position += consumed
                }
            }
        } catch let error as TranscriptError {
            throw error
        } catch {
            throw TranscriptError.cannotRead(path: path, reason: String(describing: error))
        }
    }
}
