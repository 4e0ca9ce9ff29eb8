import Crypto
import Foundation
import NatterProviders

/// Attachments kept once each under `<data>/attachments/<sha256>` (SPEC 8): the folder 0700, each file
/// 0600, named by the digest of its bytes, so a file attached to ten messages is kept once and a message
/// names it by digest. Files are read back only when a request needs them.
public struct AttachmentStore: Sendable {
    public let directory: String

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

    /// Reads the file at `path`, tells what it is by its bytes, and keeps it.
    public func add(fileAt path: String) throws(AttachmentError) -> AttachmentRef {
        let name = (path as NSString).lastPathComponent
        var info = stat()
        guard stat(path, &info) == 0 else { throw AttachmentError("\(name): \(String(cString: strerror(errno)))") }
        if info.st_mode & S_IFMT == S_IFDIR { throw AttachmentError("\(name) is a directory: attach the files in it one by one") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw AttachmentError("\(name) is not a regular file") }
        guard Int(info.st_size) <= Self.maxImageBytes else {
            throw AttachmentError("\(name) is too big (\(Self.size(Int(info.st_size)))): images go up to 20 MB, text files up to 1 MB")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AttachmentError("\(name) cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One more byte than the limit: a file that grew since stat is still caught.
            data = try handle.read(upToCount: Self.maxImageBytes + 1) ?? Data()
        } catch {
            throw AttachmentError("\(name) cannot be read: \(error.localizedDescription)")
        }
        return try add(data, name: name)
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
        try keep(data, at: path(of: reference))
        return reference
    }

    /// The bytes of an attachment, or nil when its file is gone or is not what the message names.
    public func data(for reference: AttachmentRef) -> Data? {
        guard Self.isDigest(reference.sha256), let data = FileManager.default.contents(atPath: path(of: reference)),
            data.count == reference.bytes
        else { return nil }
        return data
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
