import Foundation

/// A stdio MCP server's process: started with pipes for its standard input and output, its standard error
/// appended to a log file (never the screen), in a process group of its own so that stopping it stops what
/// it started too. Its exit is watched by a thread of its own, which is the only one to reap it.
final class ServerProcess: @unchecked Sendable {
    let pid: pid_t
    /// natter writes requests here (the child's standard input).
    let input: Int32
    /// natter reads answers here (the child's standard output).
    let output: Int32
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var status: Int32?
    private var inputClosed = false

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// - Parameter onExit: called once, on the watching thread, with a line saying how it ended.
    init(
        command: String, arguments: [String], environment: [String: String], directory: String?, logPath: String,
        onExit: @escaping @Sendable (String) -> Void
    ) throws(StartError) {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw StartError(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw StartError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        // Not inherited by other children natter starts (another server, the clipboard helper).
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

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own: Ctrl+C on the terminal does not reach it, and stopping the group stops its
        // children. Signals natter ignores or blocks are given back their defaults.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGWINCH, SIGXFSZ] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        // `cwd`: through the shell's `cd`, since glibc's posix_spawn_file_actions_addchdir_np is not imported.
        var program = [command] + arguments
        if let directory { program = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + program }
        let argv = program.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        // posix_spawnp looks the command up in natter's PATH, as a shell would.
        let spawned = posix_spawnp(&pid, program[0], &files, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        if log >= 0 { close(log) }
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

    var hasExited: Bool { lock.withLock { status != nil } }

    /// Closes its input (the way MCP asks a stdio server to stop), then SIGTERM to its group, then SIGKILL
    /// after `grace`. Returns once it is gone. Safe to call more than once.
    func stop(grace: Duration = .seconds(2)) {
        closeInput()
        guard !hasExited else { return }
        kill(-pid, SIGTERM)
        let milliseconds = Int(grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000)
        if exited.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut {
            kill(-pid, SIGKILL)
            exited.wait()
        }
        exited.signal()  // for a later call
    }

    /// Once only: the descriptor's number may belong to another file after it is closed.
    func closeInput() {
        let first = lock.withLock { () -> Bool in
            defer { inputClosed = true }
            return !inputClosed
        }
        if first { close(input) }
    }

    /// WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
    static func describe(_ status: Int32) -> String {
        if status & 0x7F == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        let signal = status & 0x7F
        return "killed by signal \(signal)" + (signal == SIGKILL ? " (SIGKILL)" : signal == SIGTERM ? " (SIGTERM)" : "")
    }
}
