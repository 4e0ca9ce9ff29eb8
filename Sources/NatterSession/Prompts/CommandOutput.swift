import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program's standard output, for a template's `{{sh:COMMAND}}` and `{{clipboard}}`: run in a process group of
/// its own with nothing on standard input, read up to a bound, and ended (the whole group) when it outlives its
/// time. A command that floods, hangs, or leaves a child holding the pipe open costs at most its time and bound.
public enum CommandOutput {
    public struct Limits: Sendable {
        public var bytes: Int
        public var time: Duration

        public init(bytes: Int, time: Duration) {
            self.bytes = bytes
            self.time = time
        }

        /// A command's output goes into a message: a megabyte is far more than a model should be sent unseen.
        public static let command = Limits(bytes: 1 << 20, time: .seconds(30))
    }

    public enum Failure: Error, Sendable, Equatable {
        case notStarted(String)
        /// Its exit status and the start of what it wrote to standard error.
        case failed(status: Int32, message: String)
        case killedBySignal(Int32)
        case tooLong(Duration)
        case tooMuch(bytes: Int)
    }

    /// `/bin/sh -c COMMAND`, in natter's folder (where the person started it).
    public static func shell(_ command: String, limits: Limits = .command) -> Result<String, Failure> {
        run(["/bin/sh", "-c", command], limits: limits)
    }

    /// Runs `arguments` (the first an executable's path) and returns what it printed.
    public static func run(_ arguments: [String], limits: Limits) -> Result<String, Failure> {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { return .failure(.notStarted(String(cString: strerror(errno)))) }
        guard pipe(&errors) == 0 else {
            close(output[0])
            close(output[1])
            return .failure(.notStarted(String(cString: strerror(errno))))
        }
        for descriptor in [output[0], errors[0]] { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&files, output[1], 1)
        posix_spawn_file_actions_adddup2(&files, errors[1], 2)
        posix_spawn_file_actions_addclose(&files, output[1])
        posix_spawn_file_actions_addclose(&files, errors[1])
        // A group of its own: ended whole (a pipeline's children too), and out of reach of natter's Ctrl+C.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &files, &attributes, argv, environ)
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0])
            close(errors[0])
            return .failure(.notStarted(String(cString: strerror(spawned))))
        }

        var printed: [UInt8] = []
        var complaint: [UInt8] = []
        var open = [output[0], errors[0]]
        let deadline = ContinuousClock.now + limits.time
        var stopped: Failure?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !open.isEmpty, stopped == nil {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                stopped = .tooLong(limits.time)
                break
            }
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let milliseconds = Int32(min(1000, max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) >= 0 || errno == EINTR else { break }
            for descriptor in descriptors where descriptor.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor.fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0, errno == EINTR { continue }
                    close(descriptor.fd)
                    open.removeAll { $0 == descriptor.fd }
                } else if descriptor.fd == output[0] {
                    printed += buffer[..<count]
                    if printed.count > limits.bytes { stopped = .tooMuch(bytes: limits.bytes) }
                } else if complaint.count < 4096 {
                    complaint += buffer[..<min(count, 4096 - complaint.count)]
                }
            }
        }
        open.forEach { close($0) }
        if stopped != nil { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        if let stopped { return .failure(stopped) }
        // The shell has ended; anything of its group still running (`sleep 100 &`) is not waited for, and not left.
        kill(-pid, SIGKILL)
        let signal = status & 0x7F
        if signal != 0 { return .failure(.killedBySignal(signal)) }
        let exit = (status >> 8) & 0xFF
        guard exit == 0 else {
            let message = String(decoding: complaint, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return .failure(.failed(status: exit, message: message))
        }
        return .success(String(decoding: printed, as: UTF8.self))
    }
}

extension CommandOutput.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notStarted(let reason): return "it could not be started: \(reason)"
        case .failed(let status, let message): return "it failed (exit status \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .killedBySignal(let signal): return "it was ended by signal \(signal)"
        case .tooLong(let limit): return "it did not finish within \(limit.components.seconds) s, and was stopped"
        case .tooMuch(let bytes): return "it printed more than \(bytes / 1024) kB, and was stopped"
        }
    }
}
