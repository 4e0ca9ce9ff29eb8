import Foundation
import NatterTestSupport

/// The real `natter` binary in a real terminal: a tmux session on its own socket, typed into with send-keys
/// and read with capture-pane. Waits poll the screen until a deadline; nothing sleeps in place of checking.
final class TmuxSession: @unchecked Sendable {
    private let server = Tmux(socket: "natter-test-\(UUID().uuidString.prefix(8))")
    let name = "t"

    /// Starts `command` (run by sh) in a width×height terminal.
    init(_ command: String, width: Int = 100, height: Int = 30) throws {
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command], capture: false)
    }

    deinit {
        server.killServer()
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
    var panePID: Int32? { server.panePID(of: name) }

    /// The visible screen, one string per row.
    func screen() -> [String] { server.screen(of: name) }

    var text: String { screen().joined(separator: "\n") }

    /// The screen with its escape sequences, as tmux would redraw it.
    func styledScreen() -> String { server.styledScreen(of: name) }

    /// A tmux format for the pane: `#{alternate_on}`, `#{mouse_any_flag}`, `#{pane_title}`.
    func format(_ format: String) -> String { server.format(format, of: name) }

    /// Any tmux command on this session's server (`set-option`, `list-buffers`).
    @discardableResult
    func command(_ arguments: String...) throws -> String { try tmux(arguments) }

    /// Polls the screen until the condition holds (true) or the deadline passes (false). Each look at the
    /// screen spawns tmux and waits for it: done on a thread of its own, not on one of Swift's two task
    /// threads, where many tmux tests polling at once starved the timing tests running beside them.
    func wait(timeout: Duration = .seconds(15), until condition: ([String]) -> Bool) async -> Bool {
        // The loop itself off the cooperative pool too: a look missed while heavy tests held it was a look too late.
        await withTaskExecutorPreference(ServingThread.shared) {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition(await OffPool.run { self.screen() }) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return condition(await OffPool.run { self.screen() })
        }
    }

    func wait(forText needle: String, timeout: Duration = .seconds(15)) async -> Bool {
        await wait(timeout: timeout) { $0.joined(separator: "\n").contains(needle) }
    }

    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        try server.run(arguments, capture: capture)
    }
}

/// A shell command line that runs natter with a private home, and then records the terminal's modes after
/// it exits (a non-interactive sh does not touch them, unlike an interactive shell's line editor).
enum NatterCommand {
    /// - Parameter shellPrompt: printed once natter has exited, as a shell would print its prompt.
    static func line(home: String, arguments: [String], environment: [String: String] = [:], shellPrompt: String? = nil) -> String {
        var variables = [
            "HOME": home, "NATTER_CONFIG_DIR": home + "/config", "NATTER_DATA_DIR": home + "/data", "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        ]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
        let natter = ([NatterProcess.binary] + arguments).map(quote).joined(separator: " ")
        return "env -i PATH=/usr/bin:/bin \(assignments) \(natter) 2>\(quote(home + "/stderr.log")); echo \"EXIT=$?\" > \(quote(home + "/exit.tmp")) && mv \(quote(home + "/exit.tmp")) \(quote(home + "/exit.txt")); stty -a > \(quote(home + "/stty.tmp")) && mv \(quote(home + "/stty.tmp")) \(quote(home + "/stty.txt")); \(shellPrompt.map { "printf %s \(quote($0)); " } ?? "")sleep 600"
    }

    static func quote(_ text: String) -> String { Tmux.quote(text) }
}
