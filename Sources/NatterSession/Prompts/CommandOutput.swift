import Foundation
import NatterProviders

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
        guard let program = arguments.first else { return .failure(.notStarted("no program named")) }
        SpawnLock.lock.lock()
        guard let output = Pipe.make() else {
            SpawnLock.lock.unlock()
            return .failure(.notStarted(String(cString: strerror(errno))))
        }
        guard let errors = Pipe.make() else {
            output.closeBoth()
            SpawnLock.lock.unlock()
            return .failure(.notStarted(String(cString: strerror(errno))))
        }
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        // dup2 clears close-on-exec on 1 and 2; every other descriptor of natter's stays out of the child.
        posix_spawn_file_actions_adddup2(&files, output.write, 1)
        posix_spawn_file_actions_adddup2(&files, errors.write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A session of its own (its group id is its pid): ended whole, a pipeline's children too; no controlling
        // terminal, so a password prompt (ssh, sudo) fails at once instead of drawing over natter's screen; and the
        // signals natter ignores or blocks back at their defaults (`timeout 5 cmd` must be able to stop cmd).
        // POSIX_SPAWN_SETSID is glibc 2.26's and Swift does not import it.
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setSession | ChildSignals.prepare(&attributes)))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &files, &attributes, argv, environ)
        close(output.write)
        close(errors.write)
        SpawnLock.lock.unlock()
        guard spawned == 0 else {
            close(output.read)
            close(errors.read)
            return .failure(.notStarted(String(cString: strerror(spawned))))
        }
        let deadline = ContinuousClock.now + limits.time
        var collected = Collected(limit: limits.bytes)
        var open = [output.read, errors.read]
        var status: Int32 = 0
        var exited = false
        var stopped: Failure?
        while stopped == nil {
            if !exited { exited = waitpid(pid, &status, WNOHANG) == pid }
            // The program has ended and its pipes are closed (or it ended and left a child holding them: what is
            // left is read without waiting).
            if exited, open.isEmpty { break }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                stopped = .tooLong(limits.time)
                break
            }
            if exited {
                collected.drain(open, output: output.read)
                break
            }
            var watched = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            // Woken at least every 50 ms to see whether the program has ended, its pipes closed or not.
            let milliseconds = Int32(min(50, max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            if poll(&watched, nfds_t(watched.count), milliseconds) < 0, errno != EINTR {
                stopped = .notStarted(String(cString: strerror(errno)))
                break
            }
            for descriptor in watched where descriptor.revents != 0 {
                if !collected.take(from: descriptor.fd, output: output.read) {
                    close(descriptor.fd)
                    open.removeAll { $0 == descriptor.fd }
                }
            }
            if collected.printed.count > limits.bytes { stopped = .tooMuch(bytes: limits.bytes) }
        }
        open.forEach { close($0) }
        // The whole session is ended before the leader is reaped, so its id cannot have been reused: what it left
        // running (`sleep 100 &`) is not left behind.
        kill(-pid, SIGKILL)
        if !exited { while waitpid(pid, &status, 0) < 0, errno == EINTR {} }
        if let stopped { return .failure(stopped) }
        let signal = status & 0x7F
        if signal != 0 { return .failure(.killedBySignal(signal)) }
        let exit = (status >> 8) & 0xFF
        guard exit == 0 else {
            let message = String(decoding: collected.complaint, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return .failure(.failed(status: exit, message: message))
        }
        return .success(String(decoding: collected.printed, as: UTF8.self))
    }

    /// Both ends of a pipe, close-on-exec (made under `SpawnLock`): another program natter starts meanwhile (an
    /// MCP server) must not hold the write end open.
    private struct Pipe {
        var read: Int32
        var write: Int32

        static func make() -> Pipe? {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { return nil }
            ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            return Pipe(read: ends[0], write: ends[1])
        }

        func closeBoth() {
            close(read)
            close(write)
        }
    }

    /// Standard output up to a little past the limit, and the start of standard error for a failure's message.
    private struct Collected {
        let limit: Int
        var printed: [UInt8] = []
        var complaint: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        init(limit: Int) {
            self.limit = limit
        }

        /// One read of `descriptor` kept; false at its end (or on an error other than an interruption).
        mutating func take(from descriptor: Int32, output: Int32) -> Bool {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return errno == EINTR }
            if count == 0 { return false }
            if descriptor == output {
                printed += buffer[..<count]
            } else if complaint.count < 4096 {
                complaint += buffer[..<min(count, 4096 - complaint.count)]
            }
            return true
        }

        /// What is already in the pipes, without waiting for a child that still holds them open.
        mutating func drain(_ open: [Int32], output: Int32) {
            for descriptor in open {
                _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
                // Non-blocking: an empty pipe reads as an error (EAGAIN), which ends the loop like its end.
                while printed.count <= limit, take(from: descriptor, output: output) {}
            }
        }
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
