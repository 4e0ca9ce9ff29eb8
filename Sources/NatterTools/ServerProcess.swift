import Foundation
import NatterProviders

/// A stdio MCP server's process: started with pipes for its standard input and output, its standard error
/// appended to a log file (never the screen), in a session of its own (no controlling terminal: a tool that
/// opens /dev/tty must not draw over natter's screen or stop on SIGTTIN; and stopping its process group
/// stops what it started too). Its exit is watched by a thread of its own, the only one to reap it.
final class ServerProcess: @unchecked Sendable {
    let pid: pid_t
    /// natter reads answers here (the child's standard output).
    let output: Int32
    /// The child's standard input, written and closed only on `writes`, so a write queued before the close
    /// can never reach another file that got the same descriptor number.
    private let input: Int32
    private var inputClosed = false
    private let writes = DispatchQueue(label: "natter.mcp.stdio.write")
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var status: Int32?

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// What a server gets of natter's environment: what programs need to run, never the provider keys
    /// natter holds (a server gets those only when its entry's `env` names them), as the MCP SDKs do.
    static let inheritedVariables: Set<String> = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "TMPDIR", "TZ"]

    static func environment(_ natters: [String: String], adding entry: [String: String]) -> [String: String] {
        var environment = natters.filter { inheritedVariables.contains($0.key) || $0.key.hasPrefix("LC_") }
        for (name, value) in entry { environment[name] = value }
        return environment
    }

    /// Pipes are made and the child spawned under one lock (`SpawnLock`): a descriptor is marked close-on-exec
    /// only after `pipe` returns, and another child spawned in between would inherit it (and keep its pipe open).
    private static var spawning: NSLock { SpawnLock.lock }

    /// - Parameter onExit: called once, on the watching thread, with a line saying how it ended.
    init(
        command: String, arguments: [String], environment: [String: String], directory: String?, logPath: String,
        onExit: @escaping @Sendable (String) -> Void
    ) throws(StartError) {
        // `cwd`: through the shell's `cd`, since glibc's posix_spawn_file_actions_addchdir_np is not imported.
        guard let executable = Self.locate(command, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw StartError(description: "cannot start \"\(command)\": No such file or directory (looked in the PATH it is given)")
        }
        var program = [executable] + arguments
        if let directory { program = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + program }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let signalFlags = ChildSignals.prepare(&attributes)
        // POSIX_SPAWN_SETSID (glibc 2.26), which Swift does not import: a new session, whose group id is the pid.
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setSession | signalFlags))

        let argv = program.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        Self.spawning.lock()
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else {
            Self.spawning.unlock()
            throw StartError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            Self.spawning.unlock()
            throw StartError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_adddup2(&files, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&files, fromChild[1], STDOUT_FILENO)
        if log >= 0 {
            posix_spawn_file_actions_adddup2(&files, log, STDERR_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&files, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program[0], &files, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        if log >= 0 { close(log) }
        Self.spawning.unlock()
        guard spawned == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw StartError(description: "cannot start \"\(command)\": \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        input = toChild[1]
        output = fromChild[0]
        let child = pid
        let watcher = Thread { [self] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0, errno == EINTR {}
            lock.withLock { self.status = status }
            exited.signal()
            onExit(Self.describe(status))
        }
        watcher.name = "natter mcp watcher"
        watcher.start()
    }

    /// The command as posix_spawnp would find it, but in the PATH the server is given (an entry's
    /// `"env": {"PATH": …}` is how a README makes `uvx` or `npx` found).
    static func locate(_ command: String, path: String) -> String? {
        if command.contains("/") { return command }
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(command)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    var hasExited: Bool { lock.withLock { status != nil } }

    /// Writes one message and its newline; the errno when it could not (the server is gone).
    func write(_ data: Data) async -> Int32 {
        await withCheckedContinuation { done in
            writes.async { [self] in
                guard !inputClosed else { return done.resume(returning: EPIPE) }
                var line = data
                line.append(0x0A)
                let failure = line.withUnsafeBytes { raw -> Int32 in
                    var offset = 0
                    while offset < raw.count {
                        let count = Foundation.write(input, raw.baseAddress! + offset, raw.count - offset)
                        if count < 0 {
                            if errno == EINTR { continue }
                            return errno
                        }
                        offset += count
                    }
                    return 0
                }
                done.resume(returning: failure)
            }
        }
    }

    /// Closes its input, once. Not behind a write that is stuck on a full pipe: the close is what ends it
    /// (the server exits and the write fails).
    func closeInput() {
        let descriptor: Int32? = lock.withLock {
            guard !inputClosed else { return nil }
            inputClosed = true
            return input
        }
        // Closed on the queue, after writes already running there, so the number is not reused under them;
        // a write stuck forever is ended by the SIGKILL of `stop`.
        if let descriptor { writes.async { close(descriptor) } }
    }

    /// Closes its input (the way MCP asks a stdio server to stop) and sends SIGTERM to its group, then
    /// SIGKILL to the group after `grace` or as soon as the server itself has gone (children that ignore
    /// SIGTERM, or outlive a crash, go too). Returns once it is gone. Safe to call more than once.
    func stop(grace: Duration = .seconds(2)) {
        closeInput()
        if !hasExited {
            kill(-pid, SIGTERM)
            let milliseconds = Int(grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000)
            _ = exited.wait(timeout: .now() + .milliseconds(milliseconds))
        }
        kill(-pid, SIGKILL)
        if !hasExited { exited.wait() }
        exited.signal()  // for a later call
    }

    /// WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
    static func describe(_ status: Int32) -> String {
        if status & 0x7F == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        let signal = status & 0x7F
        return "killed by signal \(signal)" + (signal == SIGKILL ? " (SIGKILL)" : signal == SIGTERM ? " (SIGTERM)" : "")
    }
}
