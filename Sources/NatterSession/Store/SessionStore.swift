import Foundation

/// The sessions folder as a whole: list, find by id or prefix, read, rename, delete. Transcripts are only ever
/// appended to (a rename is a `title` record); the one file rewritten is natter's own index.
public struct SessionStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var indexPath: String { directory + "/index.json" }

    public func path(for id: String) -> String { "\(directory)/\(id).jsonl" }

    /// Every session, pinned ones first, then newest activity first, from the index, refreshed for files that
    /// changed since. Archived ones are there too: each list shows or hides them.
    public func list() -> [SessionSummary] {
        let indexPath = indexPath
        let (loaded, files) = bothAtOnce({ SessionIndex.load(path: indexPath) }, { transcriptFiles() })
        var index = loaded
        var changed = false
        for (id, file) in files where index.refresh(id: id, path: self.path(for: id), size: file.size, modified: file.modified) {
            changed = true
        }
        // Every file has its entry now: more entries than files means some files are gone.
        if index.entries.count != files.count {
            index.entries = index.entries.filter { files[$0.key] != nil }
            changed = true
        }
        if changed { index.save(path: indexPath) }
        // Sorted by place, not moved: a summary is a large value, and moving 20,000 of them about was a tenth of
        // listing them.
        let summaries = index.entries.values.map(\.summary)
        let keys = summaries.indices.map { ListingKey(summaries[$0], place: $0) }
        return keys.sorted { $0.isListed(before: $1) { summaries[$0].id } }.map { summaries[$0.place] }
    }

    /// The lists' order: natter's transcripts before other files, pinned sessions first, then newest activity.
    public static func isListed(_ one: SessionSummary, before other: SessionSummary) -> Bool {
        ListingKey(one, place: 0).isListed(before: ListingKey(other, place: 1)) { $0 == 0 ? one.id : other.id }
    }

    /// What a session's place in the lists depends on, taken out of its summary once: a sort compares it
    /// 300,000 times for 20,000 sessions. Plain values: no reference counted as keys are compared and moved.
    private struct ListingKey {
        var foreign: Bool
        var pinned: Bool
        var lastActivity: Date
        /// Where its summary is; its id, for the rare tie in time, is looked up from there.
        var place: Int

        init(_ summary: SessionSummary, place: Int) {
            foreign = summary.isForeign
            pinned = summary.pinned
            lastActivity = summary.lastActivity
            self.place = place
        }

        func isListed(before other: Self, id: (Int) -> String) -> Bool {
            if foreign != other.foreign { return !foreign }
            if pinned != other.pinned { return pinned }
            return lastActivity != other.lastActivity ? lastActivity > other.lastActivity : id(place) > id(other.place)
        }
    }

    static func isNewer(_ one: SessionSummary, than other: SessionSummary) -> Bool {
        one.lastActivity != other.lastActivity ? one.lastActivity > other.lastActivity : one.id > other.id
    }

    /// The session a person means by a full id or the start of one.
    public func resolve(_ name: String) throws(SessionLookupError) -> String {
        let trimmed = name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
        // Only characters an id can hold: nothing given on the command line can point outside the folder.
        guard SessionID.isValid(trimmed) else { throw .invalid(name) }
        let ids = transcriptFiles().keys
        if ids.contains(trimmed) { return trimmed }
        let matches = ids.filter { $0.hasPrefix(trimmed) }.sorted()
        switch matches.count {
        case 0: throw .notFound(name)
        case 1: return matches[0]
        default: throw .ambiguous(name, matches)
        }
    }

    /// The newest session by activity, for `natter -c`.
    public func newest() -> SessionSummary? {
        list().filter { !$0.isForeign }.min { Self.isNewer($0, than: $1) }
    }

    /// `lean`: the messages' parts stay on disk until `Transcript.withParts` reads them (printing, not resuming).
    public func read(id: String, lean: Bool = false) throws(TranscriptError) -> Transcript {
        try TranscriptReader.read(path: path(for: id), lean: lean)
    }

    /// Names the session, by appending a `title` record. Refused for files natter must not write to.
    public func rename(id: String, to title: String) throws(SessionLookupError) {
        try checkWritable(id)
        do {
            try TranscriptWriter(path: path(for: id)).append(.title(title))
        } catch {
            throw .cannotChange(id, error.description)
        }
    }

    /// Pins or unpins, archives or unarchives the session, by appending its record. Refused for files natter
    /// must not write to.
    public func mark(id: String, _ mark: SessionMark, _ on: Bool) throws(SessionLookupError) {
        try checkWritable(id)
        do {
            try TranscriptWriter(path: path(for: id)).append(mark.record(on))
        } catch {
            throw .cannotChange(id, error.description)
        }
    }

    /// The sessions `prune` deletes: last active before `cutoff`, never a pinned one nor a file that is not
    /// natter's, oldest first.
    public func prunable(before cutoff: Date) -> [SessionSummary] {
        list().filter { !$0.pinned && !$0.isForeign && $0.lastActivity < cutoff }.sorted { Self.isNewer($1, than: $0) }
    }

    /// A new session holding everything the given one holds, for going on with a conversation that another
    /// natter has open (two writers would interleave their records). Returns the new id.
    public func fork(id: String) throws(TranscriptError) -> String {
        let transcript = try read(id: id)
        let newID = SessionID.make()
        let records = transcript.records.filter {
            if case .session = $0 { return false }
            return true
        }
        let title = TranscriptRecord.title("\(SessionSummary(id: id, transcript: transcript).displayTitle) (continued)")
        try TranscriptWriter(path: path(for: newID))
            .append(contentsOf: [.session(SessionHeader(id: newID, created: Date()))] + records + [title])
        return newID
    }

    /// Deletes the session's transcript and, given the store, the attachments no other session names.
    public func delete(id: String, attachments: AttachmentStore? = nil) throws(SessionLookupError) {
        let named = attachments == nil ? [] : (try? TranscriptReader.read(path: path(for: id)))?.conversation.messages.flatMap(\.attachments) ?? []
        guard unlink(path(for: id)) == 0 else { throw .cannotChange(id, String(cString: strerror(errno))) }
        attachments?.removeUnused(Set(named.map(\.sha256)), sessionsDirectory: directory)
        var index = SessionIndex.load(path: indexPath)
        if index.entries.removeValue(forKey: id) != nil { index.save(path: indexPath) }
    }

    /// A session may be continued or renamed only when it is natter's own and of a format this version writes.
    public func checkWritable(_ id: String) throws(SessionLookupError) {
        guard let header = Self.header(path: path(for: id)) else {
            throw .cannotChange(id, "it is not a natter transcript; it is shown read-only")
        }
        if header.version > TranscriptFormat.version {
            throw .cannotChange(id, "it was written by a newer natter (format \(header.version)); it is shown read-only")
        }
    }

    /// The `session` record on the file's first line, if it has one.
    static func header(path: String) -> SessionHeader? {
        var header: SessionHeader?
        try? LineReader.forEachLine(path: path) { line in
            if case .session(let found)? = try? TranscriptCoding.decode(line.bytes) { header = found }
            return false
        }
        return header
    }

    /// `<id>.jsonl` files in the folder with their size and modification time; lstat, not Foundation's
    /// attribute dictionaries, because listing thousands of sessions must stay quick.
    func transcriptFiles() -> [String: (size: Int, modified: Int64)] {
        guard let folder = opendir(directory) else { return [:] }
        defer { closedir(folder) }
        let folderDescriptor = dirfd(folder)
        var files: [String: (size: Int, modified: Int64)] = [:]
        let suffix = Array(".jsonl".utf8)
        while let entry = readdir(folder) {
            // The name judged by its bytes and looked up as it is, a string made only of a session's id: making,
            // cutting and checking a string for each of 20,000 names was a third of scanning the folder.
            let found = withUnsafeBytes(of: entry.pointee.d_name) { raw -> (id: String, size: Int, modified: Int64)? in
                let cName = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                let name = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: strnlen(cName, raw.count))
                if name.starts(with: "index.json.".utf8) {
                    let text = String(decoding: name, as: UTF8.self)
                    if SessionIndex.isStaleTemporary(text) { unlink(directory + "/" + text) }
                    return nil
                }
                guard name.count > suffix.count, name.suffix(suffix.count).elementsEqual(suffix) else { return nil }
                let id = UnsafeBufferPointer(rebasing: name.dropLast(suffix.count))
                guard SessionID.isValid(bytes: id) else { return nil }
                // Not followed: a symbolic link is not a session, wherever it points. An empty file is a session
                // that never got its first line (natter was killed as it began): nothing to list. Looked up in
                // the open folder, not by path: walking the path again for each file showed in the profile.
                var info = stat()
                guard fstatat(folderDescriptor, cName, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0
                else { return nil }
                return (String(decoding: id, as: UTF8.self), Int(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            }
            if let found { files[found.id] = (found.size, found.modified) }
        }
        return files
    }
}

public enum SessionLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)
    case ambiguous(String, [String])
    case cannotChange(String, String)

    public var description: String {
        switch self {
        case .invalid(let name):
            return "\"\(name)\" is not a session id (ids hold letters, digits, - and _; see `natter sessions`)"
        case .notFound(let name):
            return "no session \"\(name)\" (see `natter sessions`)"
        case .ambiguous(let name, let ids):
            let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
            return "\"\(name)\" could be any of \(ids.count) sessions: \(shown); give more of the id"
        case .cannotChange(let id, let reason):
            return "cannot change session \(id): \(reason)"
        }
    }
}
