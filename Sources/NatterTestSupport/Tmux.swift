import Foundation

/// Runs tmux commands on a private server socket. tmux is spawned with posix_spawn and reaped with waitpid:
/// Foundation's Process.waitUntilExit depends on a run loop and can block forever in async code.
public struct Tmux: Sendable {
    public let socket: String

    public init(socket: String = "natter-\(UUID().uuidString.prefix(8))") {
        self.socket = socket
    }

    /// Runs `tmux ARGUMENTS` and returns what it printed. `capture: false` for the command that starts the
    /// server: the server would otherwise inherit our pipe and hold it open for its whole life.
    @discardableResult
    public func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var pipeDescriptors: [Int32] = [-1, -1]
        // Close-on-exec, so that no other process started meanwhile (by a test beside this one) holds it open.
        if capture {
            pipe(&pipeDescriptors)
            for descriptor in pipeDescriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipeDescriptors[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else of ours may leak into tmux: the server lives on, and a pipe end it inherited from a
        // test running beside this one (another process's stdout) would never reach end-of-file.
        _ = Self.addCloseFrom?(&actions, 3)
        // A clean signal state, as a login shell would give: the calling thread (a Swift task's) blocks most
        // signals, and tmux and everything in its panes would inherit that mask. With SIGHUP blocked, the
        // `sleep` left in a pane survives killServer, and the tmux server lives on with every descriptor it
        // inherited (a build lock, another test's pipe).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, cArguments, environ)
        if capture { close(pipeDescriptors[1]) }
        guard spawned == 0 else {
            if capture { close(pipeDescriptors[0]) }
            throw CocoaError(.executableLoad)
        }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(pipeDescriptors[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipeDescriptors[0])
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not
    /// export without _GNU_SOURCE: looked up once at run time.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// The visible screen of `target`, one string per row.
    public func screen(of target: String) -> [String] {
        var rows = (try? run(["capture-pane", "-p", "-t", target]))?.components(separatedBy: "\n") ?? []
        if rows.last == "" { rows.removeLast() }  // capture-pane ends its last row with a newline too
        return rows
    }

    /// The visible screen with its escape sequences (`capture-pane -e`): what styling reached the terminal.
    public func styledScreen(of target: String) -> String {
        (try? run(["capture-pane", "-p", "-e", "-t", target])) ?? ""
    }

    /// A tmux format evaluated for `target`, e.g. `#{alternate_on}` or `#{pane_title}`.
    public func format(_ format: String, of target: String) -> String {
        ((try? run(["display-message", "-p", "-t", target, format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The process the pane started.
    public func panePID(of target: String) -> Int32? {
        (try? run(["display-message", "-p", "-t", target, "#{pane_pid}"]))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Ends every pane's processes, then the server. kill-server alone leaves a pane's program running (tmux
    /// waits for it), and a leaked natter or `sleep` keeps every descriptor it inherited open.
    public func killServer() {
        let panes = (try? run(["list-panes", "-a", "-F", "#{pane_pid}"]))?.split(separator: "\n").compactMap { Int32($0) } ?? []
        for pid in panes {
            kill(-pid, SIGHUP)  // the pane's process group: the shell and what it started
            kill(pid, SIGHUP)
        }
        _ = try? run(["kill-server"])
    }

    /// `text` quoted for sh.
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
