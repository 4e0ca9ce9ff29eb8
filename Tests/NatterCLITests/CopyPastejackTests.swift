import Foundation
import NatterTestSupport
import Testing

/// What Ctrl+Y copies is what the screen shows. A reply that ends a bracketed paste early (ESC[201~), clears
/// the shell's line (Ctrl+U) and carries a command and a newline would otherwise run that command in the
/// shell it is pasted into. tmux takes natter's OSC 52 into a paste buffer (`set-clipboard on`); the buffer
/// is then pasted, bracketed, into an interactive bash in another window.
@Suite(.serialized) struct CopyPastejackTests {
    @Test func aCopiedReplyPastedIntoAShellRunsNothing() async throws {
        let home = try Scratch.home()
        let marker = home + "/PASTEJACK-RAN"
        let hostile = "Here is the fix.\u{1B}[201~\u{15}echo PASTEJACK > \(marker)\n\u{1B}[200~ and more"
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse([hostile])) }
        defer { Task { await server.stop() } }
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)

        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        try tmux.command("set-option", "-s", "set-clipboard", "on")
        #expect(await tmux.wait(forText: "Enter send"))
        try ChatUITests.ask(tmux, "fix it")
        #expect(await tmux.wait(forText: "Here is the fix."))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        try tmux.send("C-y")
        #expect(await tmux.wait(forText: "copied the last reply"))
        #expect(await Self.wait { ((try? tmux.command("show-buffer")) ?? "").contains("Here is the fix.") }, "tmux took the copy")
        let copied = (try? tmux.command("show-buffer")) ?? ""
        #expect(!copied.contains("\u{1B}") && !copied.contains("\u{15}"), "no control characters copied: \(copied.debugDescription)")

        try tmux.command(
            "new-window", "-t", tmux.name,
            "env -i PATH=/usr/bin:/bin HOME=\(NatterCommand.quote(home)) TERM=xterm-256color PS1='shell$ ' bash --norc -i")
        let shell = "\(tmux.name):1"
        #expect(await Self.wait { ((try? tmux.command("capture-pane", "-p", "-t", shell)) ?? "").contains("shell$") })
        try tmux.command("paste-buffer", "-p", "-t", shell)
        #expect(await Self.wait { ((try? tmux.command("capture-pane", "-p", "-t", shell)) ?? "").contains("and more") }, "the paste arrived")
        // The paste is on the shell's line, not run: had it run, the marker would be there by now, since bash
        // had the whole paste before it drew its last character.
        #expect(!FileManager.default.fileExists(atPath: marker), "the pasted text ran a command")
        try tmux.command("send-keys", "-t", shell, "C-c")
        // The pasted line is dropped once a bare prompt is the last line: typing before that (a busy machine)
        // would add to the pasted line instead of starting a new one.
        #expect(await Self.wait {
            let lines = ((try? tmux.command("capture-pane", "-p", "-t", shell)) ?? "").split(separator: "\n")
            return lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(in: .whitespaces) == "shell$"
        }, "Ctrl+C gave a fresh prompt")
        try tmux.command("send-keys", "-t", shell, "-l", "echo settled")
        try tmux.command("send-keys", "-t", shell, "Enter")
        #expect(await Self.wait { ((try? tmux.command("capture-pane", "-p", "-t", shell)) ?? "").contains("\nsettled") })
        #expect(!FileManager.default.fileExists(atPath: marker), "nothing ran, even after the shell went on")
    }

    static func wait(_ condition: @escaping @Sendable () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if await OffPool.run(condition) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await OffPool.run(condition)
    }
}
