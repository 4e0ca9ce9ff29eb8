import Foundation
import NatterProviders

/// `<sessions>/index.json`: a summary of every transcript with the size and modification time it was taken
/// at. Listing reads this one file and re-reads only transcripts that changed since, and of those only the
/// lines appended since (transcripts are append-only). A missing, corrupt or foreign index is rebuilt.
struct SessionIndex {
    struct Entry {
        var summary: SessionSummary
        /// The file's size and modification time (nanoseconds) when last read.
        var size: Int
        var modified: Int64
        /// Bytes read so far, up to the end of the last whole line: where reading picks up when the file grows.
        var scanned: Int

        /// The index is a file anything may have written: numbers that reading a transcript could not have
        /// produced (a message count near `Int.max` once crashed every listing) make the entry worthless,
        /// and its transcript is read again instead.
        var isPlausible: Bool {
            let limit = 1 << 40
            let counts = [
                size, scanned, summary.messageCount, summary.skippedLines, summary.version, summary.answeredReplies,
                summary.failedReplies,
            ]
            return counts.allSatisfy { (0...limit).contains($0) } && scanned <= size && modified >= 0
        }
    }

    /// 2: summaries count answered and failed replies.
    /// 3: counts are of the active branch (transcript format 2).
    /// 4: summaries say whether a session is pinned or archived.
    /// 5: written and read by hand, flat short names (SessionIndex+Coding).
    static let version = 5
    var version = SessionIndex.version
    var entries: [String: Entry] = [:]

    static func load(path: String) -> SessionIndex {
        guard let data = FileManager.default.contents(atPath: path), var index = decoded(data) else { return SessionIndex() }
        index.entries = index.entries.filter { $0.value.isPlausible }
        return index
    }

    /// `index.json.PID.tmp` left by a natter killed between writing it and renaming it: its process is gone.
    static func isStaleTemporary(_ name: String) -> Bool {
        // Asked of every file in the folder: the split below only for the names it could be.
        guard name.hasPrefix("index.json.") else { return false }
        let parts = name.split(separator: ".")
        guard parts.count == 4, parts[0] == "index", parts[1] == "json", parts[3] == "tmp", let pid = Int32(parts[2]), pid > 0 else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Written to a temporary file and renamed over the old one, so a reader never sees half an index.
    func save(path: String) {
        let data = encoded()
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        close(descriptor)
        if written == data.count { rename(temporary, path) } else { unlink(temporary) }
    }

    /// Brings the entry for one transcript up to date with the file as it is now; returns whether it changed.
    /// `path` is made only when the file must be read: most of 20,000 files have not changed.
    mutating func refresh(id: String, path: @autoclosure () -> String, size: Int, modified: Int64) -> Bool {
        if let entry = entries[id], entry.size == size, entry.modified == modified { return false }
        var entry: Entry
        if let known = entries[id], size >= known.scanned {
            entry = known
        } else {
            entry = Entry(summary: SessionSummary(id: id, lastActivity: .distantPast), size: 0, modified: 0, scanned: 0)
        }
        let path = path()
        try? LineReader.forEachLine(path: path, from: entry.scanned) { line in
            guard line.isTerminated else { return false }  // a line still being written: read it next time
            entry.scanned = line.endOffset
            guard line.bytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return true }
            if let record = try? TranscriptCoding.decode(line.bytes) {
                entry.summary.add(record)
            } else {
                entry.summary.skippedLines = ExternalNumber.sum(entry.summary.skippedLines, 1)
            }
            return true
        }
        if entry.summary.needsFullCount, let transcript = try? TranscriptReader.read(path: path) {
            // A branch changed: the count is the new active branch's, which only the whole tree gives.
            let lastActivity = entry.summary.lastActivity
            entry.summary = SessionSummary(id: id, transcript: transcript)
            entry.summary.lastActivity = max(entry.summary.lastActivity, lastActivity)
        }
        entry.size = size
        entry.modified = modified
        if entry.summary.lastActivity == .distantPast {
            entry.summary.lastActivity = Date(timeIntervalSince1970: Double(modified) / 1e9)
        }
        entries[id] = entry
        return true
    }
}
