import Foundation

/// The real `natter` binary in a real terminal: a tmux session on its own socket, typed into with send-keys
/// and read with capture-pane. Waits poll the screen until a deadline; nothing sleeps in place of checking.
final class TmuxSession: @unchecked Sendable {
    let socket = "natter-test-\(UUID().uuidString.prefix(8))"
    let name = "t"

    /// Starts `command` (run by sh) in a width×height terminal.
    init(_ command: String, width: Int = 100, height: Int = 30) throws {
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command], capture: false)
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Keys by tmux name (`Enter`, `C-p`, `PPage`, `Escape`) or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    func type(_ text: String) throws {
        try send(text, literal: true)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The process tmux started for the pane (the `sh` that runs natter).
    var panePID: Int32? {
        (try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The visible screen, one string per row.
    func screen() -> [String] {
        var rows = (try? tmux(["capture-pane", "-p", "-t", name]))?.components(separatedBy: "\n") ?? []
        if rows.last == "" { rows.removeLast() }  // capture-pane ends its last row with a newline too
        return rows
    }

    var text: String { screen().joined(separator: "\n") }

    /// Polls the screen until the condition holds (true) or the deadline passes (false).
    func wait(timeout: Duration = .seconds(15), until condition: ([String]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(screen()) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(screen())
    }

    func wait(forText needle: String, timeout: Duration = .seconds(15)) async -> Bool {
        await wait(timeout: timeout) { $0.joined(separator: "\n").contains(needle) }
    }

    /// Runs tmux with posix_spawn and waitpid: Foundation's Process.waitUntilExit depends on a run loop and
    /// can block forever when called from an async test.
    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var pipeDescriptors: [Int32] = [-1, -1]
        if capture { pipe(&pipeDescriptors) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipeDescriptors[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeDescriptors[0])
        } else {
            // The command that starts the server must not hand it a pipe of ours: the server would hold it
            // open for its whole life.
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, cArguments, environ)
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
}

/// A shell command line that runs natter with a private home, and then records the terminal's modes after
/// it exits (a non-interactive sh does not touch them, unlike an interactive shell's line editor).
enum NatterCommand {
    static func line(home: String, arguments: [String], environment: [String: String] = [:]) -> String {
        var variables = [
            "HOME": home, "NATTER_CONFIG_DIR": home + "/config", "NATTER_DATA_DIR": home + "/data", "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        ]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
        let natter = ([NatterProcess.binary] + arguments).map(quote).joined(separator: " ")
        return "env -i PATH=/usr/bin:/bin \(assignments) \(natter) 2>\(quote(home + "/stderr.log")); echo \"EXIT=$?\" > \(quote(home + "/exit.tmp")) && mv \(quote(home + "/exit.tmp")) \(quote(home + "/exit.txt")); stty -a > \(quote(home + "/stty.tmp")) && mv \(quote(home + "/stty.tmp")) \(quote(home + "/stty.txt")); sleep 600"
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
