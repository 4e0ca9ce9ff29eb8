import Crypto
import Foundation
import NatterProviders

/// Attachments kept once each under `<data>/attachments/<sha256>` (SPEC 8): the folder 0700, each file
/// 0600, named by the digest of its bytes, so a file attached to ten messages is kept once and a message
/// names it by digest. Files are read back only when a request needs them.
///
/// A file is kept only once a saved message names it (`keep(_:)`, called as the message is written): until then
/// its bytes wait in memory, so `-p --no-save -a secret.txt`, a chip taken off, or an image refused before
/// sending leave nothing on disk that no session names.
public struct AttachmentStore: Sendable {
    public let directory: String
    /// Shared by every copy of this store: the runner that reads a file and the session that saves it.
    private let waiting = WaitingAttachments()

    /// An image's limit, the largest any of the three APIs takes.
    public static let maxImageBytes = 20 * 1024 * 1024
    /// A text file goes into the message whole; more than this would crowd out the conversation.
    public static let maxTextBytes = 1024 * 1024

    public init(directory: String) {
        self.directory = directory
    }

    public func path(of reference: AttachmentRef) -> String {
        directory + "/" + reference.sha256
    }

    /// Reads the file at `path` and tells what it is by its bytes; it is kept once a saved message names it.
    public func add(fileAt path: String) throws(AttachmentError) -> AttachmentRef {
        // The name goes into the prompt (a text file's fence) and onto the screen: one clean line, whatever
        // the file system allowed in it (a newline in a name once went into the prompt text).
        let name = TerminalText.singleLine((path as NSString).lastPathComponent, limit: 200)
        switch LocalFile.contents(of: path, limit: Self.maxImageBytes) {
        case .success(let data): return try add(data, name: name)
        case .failure(.folder): throw AttachmentError("\(name) is a directory: attach the files in it one by one")
        case .failure(.tooLarge(let bytes, _)):
            throw AttachmentError("\(name) is too big (\(Self.size(bytes))): images go up to 20 MB, text files up to 1 MB")
        case .failure(let problem): throw AttachmentError("\(name): \(problem)")
        }
    }

    /// Keeps `data` under the name it is shown by.
    public func add(_ data: Data, name: String) throws(AttachmentError) -> AttachmentRef {
        let mediaType: String
        // The whole file: a prefix cut inside a multi-byte character would make a large UTF-8 text "binary".
        switch FileKind.of(data) {
        case .image(let type):
            guard data.count <= Self.maxImageBytes else {
                throw AttachmentError("\(name) is too big (\(Self.size(data.count))): images go up to 20 MB")
            }
            mediaType = type
        case .text where data.count <= Self.maxTextBytes:
            mediaType = "text/plain"
        case .text:
            throw AttachmentError("\(name) is too big for text (\(Self.size(data.count))): text files go into the message up to 1 MB")
        case .binary:
            throw AttachmentError("\(name) is binary: natter sends images (PNG, JPEG, GIF, WebP) and UTF-8 text files")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let reference = AttachmentRef(name: name, mediaType: mediaType, sha256: digest, bytes: data.count)
        waiting.hold(data, as: digest)
        return reference
    }

    /// Writes the attachments a message being saved names, from memory, before the transcript names them.
    /// One already on disk, or not read in this run (a resumed message's), is left as it is.
    public func keep(_ references: [AttachmentRef]) throws(AttachmentError) {
        for reference in references {
            guard let data = waiting.data(reference.sha256) else { continue }
            try keep(data, at: path(of: reference))
            waiting.release(reference.sha256)
        }
    }

    /// The opposite of `keep`, for a message whose transcript was taken back: its files wait in memory again,
    /// and leave the disk unless another session names them.
    public func withdraw(_ references: [AttachmentRef], sessionsDirectory: String) {
        for reference in references where waiting.data(reference.sha256) == nil {
            if let data = data(for: reference) { waiting.hold(data, as: reference.sha256) }
        }
        removeUnused(Set(references.map(\.sha256)), sessionsDirectory: sessionsDirectory)
    }

    /// The bytes of an attachment, or nil when its file is gone or is not what the message names.
    public func data(for reference: AttachmentRef) -> Data? {
        if let held = waiting.data(reference.sha256), held.count == reference.bytes { return held }
        guard Self.isDigest(reference.sha256), case .success(let data) = LocalFile.contents(of: path(of: reference), limit: Self.maxImageBytes),
            data.count == reference.bytes
        else { return nil }
        return data
    }

    /// Whether the store still has the attachment's file. Only a digest as natter writes it is looked for: a
    /// transcript's `../x` must not tell a page or a listing whether some other file exists.
    public func has(_ reference: AttachmentRef) -> Bool {
        Self.isDigest(reference.sha256) && FileManager.default.fileExists(atPath: path(of: reference))
    }

    /// An image attachment's bytes and media type, the type told by the bytes: a page that embeds it writes the
    /// type into a `data:` URL, where a transcript's own `mediaType` (text from a file natter did not write)
    /// would be trusted with markup. Nil when the file is gone or is not an image.
    public func image(for reference: AttachmentRef) -> (mediaType: String, data: Data)? {
        guard reference.isImage, let data = data(for: reference), case .image(let mediaType) = FileKind.of(data) else { return nil }
        return (mediaType, data)
    }

    /// Removes the attachments among `digests` that no transcript in `sessionsDirectory` names any more
    /// (a deleted session's): a file still named by another session stays.
    public func removeUnused(_ digests: Set<String>, sessionsDirectory: String) {
        var unused = digests.filter(Self.isDigest)
        guard !unused.isEmpty else { return }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sessionsDirectory)) ?? []
        for file in files where file.hasSuffix(".jsonl") {
            guard let text = FileManager.default.contents(atPath: sessionsDirectory + "/" + file) else { continue }
            unused = unused.filter { text.firstRange(of: Data($0.utf8)) == nil }
            if unused.isEmpty { return }
        }
        for digest in unused { unlink(directory + "/" + digest) }
    }

    /// A digest as natter writes it: a message names its file by this, and nothing else is looked up.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// Written to a file of its own and renamed into place: a reader never sees half a file, and two natters
    /// keeping the same file at once both succeed.
    private func keep(_ data: Data, at path: String) throws(AttachmentError) {
        if let existing = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, existing == data.count { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AttachmentError("cannot make \(directory): \(error.localizedDescription)")
        }
        let temporary = directory + "/.incoming-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AttachmentError("cannot write to \(directory): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw AttachmentError("cannot write to \(directory): \(reason)")
        }
    }

    static func size(_ bytes: Int) -> String {
        Quantities.bytes(bytes)
    }
}

/// Attachments read but not yet named by a saved message, by digest.
private final class WaitingAttachments: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [String: Data] = [:]

    func hold(_ data: Data, as digest: String) {
        lock.withLock { held[digest] = data }
    }

    func data(_ digest: String) -> Data? {
        lock.withLock { held[digest] }
    }

    func release(_ digest: String) {
        _ = lock.withLock { held.removeValue(forKey: digest) }
    }
}
