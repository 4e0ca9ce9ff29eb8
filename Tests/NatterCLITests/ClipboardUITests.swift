import Foundation
import NatterTestSupport
import Testing

/// Copy that reaches a clipboard: code block 2 of a selected reply lands in tmux's buffer by OSC 52 and in the
/// system clipboard's command (a stand-in `wl-copy` here), code only, and the status line says how.
@Suite(.serialized) struct ClipboardUITests {
    @Test func codeBlockTwoReachesTmuxAndTheSystemClipboard() async throws {
        let home = try Scratch.home()
        let bin = home + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Data("#!/bin/sh\ncat > \"$HOME/wl-copied.txt\"\n".utf8).write(to: URL(fileURLWithPath: bin + "/wl-copy"))
        chmod(bin + "/wl-copy", 0o755)
        let reply = "Two ways:\n```swift\nlet one = 1\n```\nor\n```sh\nls -la | wc -l\n```\n"
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse([reply])) }
        defer { Task { await server.stop() } }
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(
            NatterCommand.line(
                home: home, arguments: ["--provider", "one"],
                environment: ["PATH": "\(bin):/usr/bin:/bin", "WAYLAND_DISPLAY": "wayland-test"]))
        try tmux.command("set-option", "-s", "set-clipboard", "on")
        #expect(await tmux.wait(forText: "Enter send"))
        try ChatUITests.ask(tmux, "list files")
        #expect(await tmux.wait(forText: "[2] sh"), "code frames are numbered: \(tmux.text)")
        #expect(await tmux.wait { !$0.joined().contains("▌") })

        try tmux.send("M-Up")
        try tmux.send("2")
        #expect(await tmux.wait(forText: "copied code block 2, 1 line, via OSC 52 and wl-copy"), "\(tmux.text)")
        let copied = (try? String(contentsOfFile: home + "/wl-copied.txt", encoding: .utf8)) ?? ""
        #expect(copied == "ls -la | wc -l", "code only, no frame or fence: \(copied.debugDescription)")
        #expect(await CopyPastejackTests.wait { ((try? tmux.command("show-buffer")) ?? "") == "ls -la | wc -l" }, "tmux took it too")
    }

    @Test func f12LeavesTheMouseToTheTerminalAndTakesItBack() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        func mouse() -> String { ((try? tmux.command("display-message", "-p", "-t", tmux.name, "#{mouse_any_flag}")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(mouse() == "1", "natter takes the wheel")
        try tmux.send("F12")
        #expect(await tmux.wait(forText: "mouse: the terminal's"))
        #expect(mouse() == "0", "the terminal has the mouse: its own selection works")
        try tmux.send("F12")
        #expect(await tmux.wait(forText: "mouse: natter's"))
        #expect(mouse() == "1")
    }

    @Test func mouseFalseInTheConfigStartsWithTheMouseLeftToTheTerminal() async throws {
        let home = try Scratch.home()
        try FileManager.default.createDirectory(atPath: home + "/config", withIntermediateDirectories: true)
        try Data(#"{"mouse": false}"#.utf8).write(to: URL(fileURLWithPath: home + "/config/config.json"))
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        let flag = ((try? tmux.command("display-message", "-p", "-t", tmux.name, "#{mouse_any_flag}")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(flag == "0")
    }
}
