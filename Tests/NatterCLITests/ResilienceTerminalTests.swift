import Foundation
import NatterTestSupport
import Testing

/// However natter ends — a signal, a crash — the terminal is handed back as it was found: the same line
/// discipline (`stty -a`), the normal screen, no mouse reporting, no bracketed paste, a visible cursor.
/// And an editor killed under it brings natter back, not down.
@Suite(.serialized) struct ResilienceTerminalTests {
    /// natter in tmux after recording the terminal's modes as the shell left them.
    static func start(environment: [String: String] = [:]) async throws -> (home: String, tmux: TmuxSession) {
        let home = try Scratch.home()
        let tmux = try TmuxSession(Self.line(home: home, environment: environment))
        #expect(await tmux.wait(forText: "Enter send"))
        #expect(tmux.format("#{alternate_on}") == "1", "natter draws on the alternate screen (else the check below means nothing)")
        #expect(tmux.format("#{keypad_cursor_flag}") == "1", "natter turns application cursor keys on (else their check means nothing)")
        return (home, tmux)
    }

    static func line(home: String, environment: [String: String] = [:], mode: [String] = []) -> String {
        let before = "stty -a > \(NatterCommand.quote(home + "/stty-before.txt")); "
        return before + NatterCommand.line(home: home, arguments: mode + ["--provider", "ollama", "--model", "m"], environment: environment)
    }

    static func natterPID(_ tmux: TmuxSession) throws -> Int32 {
        let shell = try #require(tmux.panePID)
        return try #require(ProcessChildren.of(shell).first)
    }

    /// Waits for natter to end, then checks everything it changed is back; returns the exit status line.
    static func expectRestored(_ home: String, _ tmux: TmuxSession, _ how: String) async throws -> String {
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/stty.txt") }, "\(how): natter ended")
        let before = try String(contentsOfFile: home + "/stty-before.txt", encoding: .utf8)
        let after = (try? String(contentsOfFile: home + "/stty.txt", encoding: .utf8)) ?? ""
        #expect(after == before, "\(how): the line discipline is as natter found it")
        #expect(tmux.format("#{alternate_on}") == "0", "\(how): back on the normal screen")
        #expect(tmux.format("#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}") == "0000", "\(how): mouse off")
        #expect(tmux.format("#{cursor_flag}") == "1", "\(how): cursor shown")
        #expect(tmux.format("#{keypad_cursor_flag}#{keypad_flag}") == "00", "\(how): cursor keys and keypad in normal mode")
        // Bracketed paste: tmux wraps a paste in ESC[200~ … ESC[201~ only while the mode is on, and the tty
        // (back in cooked mode, under `sleep`) echoes the ESC as ^[.
        try tmux.command("set-buffer", "-b", "probe", "PASTE-PROBE")
        try tmux.command("paste-buffer", "-p", "-b", "probe", "-t", tmux.name)
        #expect(await tmux.wait(forText: "PASTE-PROBE"), "\(how): the paste is echoed")
        #expect(!tmux.text.contains("[200~"), "\(how): bracketed paste is off")
        return (try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) ?? ""
    }

    @Test(arguments: zip(["SIGINT", "SIGTERM", "SIGHUP"], [SIGINT, SIGTERM, SIGHUP]))
    func aSignalRestoresTheTerminal(name: String, number: Int32) async throws {
        let (home, tmux) = try await Self.start()
        kill(try Self.natterPID(tmux), number)
        let exit = try await Self.expectRestored(home, tmux, name)
        #expect(exit == "EXIT=\(128 + number)\n", "\(name): 128 + its number")
    }

    @Test func aCrashRestoresTheTerminalAndFails() async throws {
        let home = try Scratch.home()
        // The Swift runtime's backtracer runs after natter's own handler has given the terminal back; on a
        // terminal it would wait for keys (up to 30 s) before the process dies, so it is told not to.
        let environment = ["NATTER_DEBUG_CRASH_AFTER_START": "1", "SWIFT_BACKTRACE": "interactive=no"]
        let tmux = try TmuxSession(Self.line(home: home, environment: environment))
        let exit = try await Self.expectRestored(home, tmux, "crash")
        let log = (try? String(contentsOfFile: home + "/stderr.log", encoding: .utf8)) ?? ""
        #expect(log.contains("Fatal error: NATTER_DEBUG_CRASH_AFTER_START"), "it was the hook that crashed: \(log.prefix(500))")
        let status = Int(exit.dropFirst("EXIT=".count).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(status > 128, "ended by a signal (the fatalError's trap), not a clean exit: \(exit)")
    }

    /// Inline mode (issue 32, point 3) hides the cursor and takes the keyboard without the alternate screen: a
    /// signal and a crash give all of it back too.
    @Test(arguments: ["SIGTERM", "crash"])
    func inlineGivesTheTerminalBackToo(how: String) async throws {
        let home = try Scratch.home()
        let crash = ["NATTER_DEBUG_CRASH_AFTER_START": "1", "SWIFT_BACKTRACE": "interactive=no"]
        let tmux = try TmuxSession(Self.line(home: home, environment: how == "crash" ? crash : [:], mode: ["--inline"]))
        if how == "SIGTERM" {
            #expect(await tmux.wait(forText: "Enter send"))
            #expect(tmux.format("#{cursor_flag}") == "0", "inline hides the cursor (else its check means nothing)")
            kill(try Self.natterPID(tmux), SIGTERM)
        }
        let exit = try await Self.expectRestored(home, tmux, "inline, " + how)
        #expect(how == "crash" ? exit != "EXIT=0\n" : exit == "EXIT=\(128 + SIGTERM)\n", "\(exit)")
    }

    @Test func anEditorKilledWithSIGKILLGivesTheScreenBackWithTheDraft() async throws {
        let home = try Scratch.home()
        let editor = home + "/editor.sh"
        let pidFile = home + "/editor.pid"
        // Records its pid, then becomes a sleep with that pid: the test kills it as a person's editor might die.
        try Data("#!/bin/sh\necho $$ > \(NatterCommand.quote(pidFile)).tmp && mv \(NatterCommand.quote(pidFile)).tmp \(NatterCommand.quote(pidFile))\nexec sleep 600\n".utf8)
            .write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let tmux = try TmuxSession(Self.line(home: home, environment: ["EDITOR": editor]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.type("my precious draft")
        try tmux.send("C-g")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: pidFile) }, "the editor started")
        let editorPID = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(editorPID, SIGKILL)

        #expect(await tmux.wait(forText: "did not finish normally"), "a clear notice: \(tmux.screen().last ?? "")")
        #expect(await tmux.wait { $0.first?.hasPrefix(" natter") == true }, "natter's screen is back")
        #expect(tmux.text.contains("› my precious draft"), "the draft is intact")
        #expect(tmux.format("#{alternate_on}") == "1")
        try tmux.type(" still typing")
        #expect(await tmux.wait(forText: "› my precious draft still typing"), "keys reach natter again")

        try tmux.send("C-c")
        #expect(await tmux.wait(forText: "draft cleared"), "Ctrl+C with a draft clears it rather than quitting")
        try tmux.send("C-c")
        let exit = try await Self.expectRestored(home, tmux, "quit after the editor died")
        #expect(exit == "EXIT=0\n")
    }
}
