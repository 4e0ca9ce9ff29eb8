import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file the person (or anything else) left in natter's folders: a role, a provider file, a theme,
/// mcp.json, config.json. Such a path may be anything — a dangling symlink, a symlink loop, a FIFO that would
/// block a plain read forever, a folder named `x.md`, `/dev/zero` — and each must come back as a reason in
/// words, never a hang, a crash or an "NSCocoaErrorDomain error 256".
public enum LocalFile {
    /// Far more than any file natter reads from its folders; a larger one is refused, not read into memory.
    public static let defaultLimit = 16 * 1024 * 1024

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        case danglingLink
        case linkLoop
        case folder
        /// A FIFO, a socket or a device: reading one may block forever or never end.
        case notRegular(kind: String)
        case tooLarge(bytes: Int, limit: Int)
        case unreadable(reason: String)

        public var description: String {
            switch self {
            case .missing: return "it does not exist"
            case .danglingLink: return "it is a symbolic link to something that does not exist"
            case .linkLoop: return "it is a loop of symbolic links"
            case .folder: return "it is a folder, not a file"
            case .notRegular(let kind): return "it is a \(kind), not a regular file"
            case .tooLarge(let bytes, let limit): return "it is too large (\(bytes) bytes; at most \(limit) are read)"
            case .unreadable(let reason): return "it cannot be read: \(reason)"
            }
        }
    }

    /// The whole file, or why not. Symbolic links are followed (a person may link a shared role or theme in).
    public static func contents(of path: String, limit: Int = defaultLimit) -> Result<Data, Problem> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(problem(at: path, errno: errno)) }
        if let problem = kindProblem(info.st_mode) { return .failure(problem) }
        // Not blocking: a FIFO put in the file's place between stat and open must not hang the read.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(problem(at: path, errno: errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(reason: reason(errno))) }
        if let problem = kindProblem(info.st_mode) { return .failure(problem) }
        guard Int(info.st_size) <= limit else { return .failure(.tooLarge(bytes: Int(info.st_size), limit: limit)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: reason(errno)))
            }
            data.append(contentsOf: buffer[0..<count])
            // A file that grew since fstat (or a /proc file, whose size reads as 0) is still held to the limit.
            guard data.count <= limit else { return .failure(.tooLarge(bytes: data.count, limit: limit)) }
        }
        return .success(data)
    }

    /// The whole file as UTF-8 text, or why not.
    public static func text(of path: String, limit: Int = defaultLimit) -> Result<String, Problem> {
        contents(of: path, limit: limit).flatMap { data in
            guard let text = String(data: data, encoding: .utf8) else { return .failure(.unreadable(reason: "it is not UTF-8 text")) }
            return .success(text)
        }
    }

    private static func kindProblem(_ mode: mode_t) -> Problem? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .folder
        case S_IFIFO: return .notRegular(kind: "FIFO (named pipe)")
        case S_IFSOCK: return .notRegular(kind: "socket")
        case S_IFCHR, S_IFBLK: return .notRegular(kind: "device")
        default: return .notRegular(kind: "special file")
        }
    }

    private static func problem(at path: String, errno code: Int32) -> Problem {
        switch code {
        case ENOENT:
            var link = stat()
            return lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK ? .danglingLink : .missing
        case ELOOP: return .linkLoop
        default: return .unreadable(reason: reason(code))
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
