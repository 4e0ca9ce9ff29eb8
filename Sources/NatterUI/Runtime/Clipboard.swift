import Foundation
import NatterProviders

/// Copying that reaches a clipboard wherever natter runs: OSC 52 to the terminal (tmux takes it with
/// `set-clipboard on`; wrapped for GNU screen, which would swallow it), and the system clipboard's own
/// command when this machine has one and a display to reach (`wl-copy`, `xclip`, `xsel`, `pbcopy`).
public enum Clipboard {
    /// A system clipboard command natter can copy with, and the display it needs (nil: none, as pbcopy).
    public struct Command: Sendable {
        public var name: String
        public var arguments: [String]
        public var displayVariable: String?
    }

    /// In the order they are tried; `natter doctor` reports on the same list.
    public static let commands = [
        Command(name: "wl-copy", arguments: [], displayVariable: "WAYLAND_DISPLAY"),
        Command(name: "xclip", arguments: ["-selection", "clipboard"], displayVariable: "DISPLAY"),
        Command(name: "xsel", arguments: ["--clipboard", "--input"], displayVariable: "DISPLAY"),
        Command(name: "pbcopy", arguments: [], displayVariable: nil),
    ]

    /// Where `name` is on the PATH of `environment`, if it is.
    public static func executable(_ name: String, environment: [String: String]) -> String? {
        Executable.path(of: name, environment: environment)
    }

    /// The OSC 52 sequence for `text`, in GNU screen's passthrough when natter runs inside screen.
    static func osc52(_ text: String, environment: [String: String]) -> String {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        let insideScreen = environment["STY"] != nil && (environment["TERM"] ?? "").hasPrefix("screen") && environment["TMUX"] == nil
        return insideScreen ? "\u{1B}P\(sequence)\u{1B}\\" : sequence
    }

    /// The system clipboard's command here, if there is one natter can use.
    public static func helper(environment: [String: String]) -> [String]? {
        for command in commands where command.displayVariable.map({ environment[$0] != nil }) ?? true {
            if let path = executable(command.name, environment: environment) { return [path] + command.arguments }
        }
        return nil
    }

    /// Gives `text` to the command on its standard input; true when it took it (exit 0 within two seconds).
    /// Its output goes nowhere: it must never reach natter's screen.
    static func give(_ text: String, to command: [String]) -> Bool {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return false }
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_adddup2(&files, descriptors[0], 0)
        posix_spawn_file_actions_addclose(&files, descriptors[0])
        posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0)
        // A process group of its own: wl-copy and xclip stay behind to serve the clipboard, and must not get
        // the signals of Ctrl+C or Ctrl+Z meant for natter.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &files, &attributes, argv, environ) == 0
        close(descriptors[0])
        guard spawned else {
            close(descriptors[1])
            return false
        }
        let bytes = Array(text.utf8)
        var written = 0
        signal(SIGPIPE, SIG_IGN)  // a helper that exits before reading it all must not take natter with it
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBufferPointer { write(descriptors[1], $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            written += count
        }
        close(descriptors[1])
        let deadline = ContinuousClock.now + .seconds(2)
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return written == bytes.count && status & 0x7F == 0 && (status >> 8) & 0xFF == 0 }
            if done < 0 { return false }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return false
    }
}
