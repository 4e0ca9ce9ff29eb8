import Foundation

/// Appends records to one session's file. Each record is written whole with one `write` and synced before
/// `append` returns, so a crash or `kill -9` loses nothing already appended and leaves at most a torn last
/// line, which the reader ignores.
///
/// A writer holds an exclusive lock on its file (flock) for as long as it lives: two natters appending to
/// one session would interleave their records and fork the conversation silently. The second is refused
/// with `.busy` and continues in a session of its own (`SessionStore.fork`).
public final class TranscriptWriter: @unchecked Sendable {
    // @unchecked: the descriptor is only used under `lock`.
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()

    /// Opens (creating with mode 0600) a transcript for appending, creating its folder with mode 0700.
    public init(path: String) throws(TranscriptError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TranscriptError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        // O_NOFOLLOW: nothing is ever appended through a symbolic link, to wherever it points.
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard opened >= 0 else { throw TranscriptError.cannotWrite(path: path, reason: TranscriptError.reason(errno)) }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = TranscriptError.reason(errno)
            close(opened)
            throw busy ? TranscriptError.busy(path: path) : TranscriptError.cannotWrite(path: path, reason: reason)
        }
        descriptor = opened
        try endLastLine()
    }

    /// A file cut off mid-line (natter was killed while writing) gets its newline first, so the next record
    /// starts a line of its own instead of being glued to the torn one.
    private func endLastLine() throws(TranscriptError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return }
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { return }
        defer { close(reader) }
        var last: UInt8 = 0
        guard pread(reader, &last, 1, info.st_size - 1) == 1, last != 0x0A else { return }
        var newline: UInt8 = 0x0A
        guard write(descriptor, &newline, 1) == 1 else {
            throw TranscriptError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(descriptor) }

    public func append(_ record: TranscriptRecord) throws(TranscriptError) {
        try append(contentsOf: [record])
    }

    /// Several records in one write and one sync (a copied session of thousands of messages).
    public func append(contentsOf records: [TranscriptRecord]) throws(TranscriptError) {
        var data = Data()
        do {
            for record in records { data += try TranscriptCoding.encode(record) }
        } catch {
            throw TranscriptError.cannotWrite(path: path, reason: "cannot encode the record: \(error)")
        }
        lock.lock()
        defer { lock.unlock() }
        let failure: String? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        }
        if let failure { throw TranscriptError.cannotWrite(path: path, reason: failure) }
    }
}

public enum TranscriptError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// Another natter has this session open and is writing to it.
    case busy(path: String)

    public var description: String {
        switch self {
        // The reason first: on a status line that cuts a long path short, it is what must still be seen.
        case .cannotWrite(let path, let reason): return "cannot save: \(reason) (\(path))"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .busy(let path): return "session \(((path as NSString).lastPathComponent as NSString).deletingPathExtension) is open in another natter"
        }
    }

    /// An errno in words; a symbolic link refused by O_NOFOLLOW says so rather than "too many levels".
    static func reason(_ number: Int32) -> String {
        number == ELOOP ? "it is a symbolic link, which natter does not follow" : String(cString: strerror(number))
    }
}
