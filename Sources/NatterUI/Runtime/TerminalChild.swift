import Foundation
import NatterProviders

/// Runs a program on natter's own terminal, in natter's process group, so that it is the terminal's
/// foreground job: it can read what is typed and Ctrl+C reaches it. Foundation's `Process` starts a child
/// in a process group of its own, where a read from the terminal fails at once (the configure questions
/// read end of input). The signals natter ignores or blocks for itself are given back their defaults, and
/// its standard error is the terminal too (natter's own may be a file): what it says must be seen.
enum TerminalChild {
    /// The exit status, or nil when the program could not be started or did not exit normally.
    static func run(_ executable: String, _ arguments: [String]) -> Int32? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(ChildSignals.prepare(&attributes)))

        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, executable, &files, &attributes, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        guard status & 0x7F == 0 else { return nil }
        return (status >> 8) & 0xFF
    }
}
