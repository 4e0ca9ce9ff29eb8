import Foundation
import NatterTestSupport
import Testing

/// A reply that ends while the terminal is unfocused is notified through the terminal (SPEC 13), in the real
/// binary: every byte natter writes to its terminal is recorded (tmux's pipe-pane), the focus reports sent as a
/// terminal sends them (ESC [ O, ESC [ I).
@Suite(.serialized) struct NotificationUITests {
    @Test func aReplyEndingUnfocusedWritesTheNotificationAndNothingWhenFocused() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["done here"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(
            NatterCommand.line(home: home, arguments: ["--provider", "one", "--model", "m"], environment: ["TERM_PROGRAM": "iTerm.app"]))
        #expect(await tmux.wait(forText: "Enter send"))
        let recorded = home + "/output.bytes"
        try tmux.command("pipe-pane", "-t", tmux.name, "-o", "cat >> " + NatterCommand.quote(recorded))
        func output() -> String { FileManager.default.contents(atPath: recorded).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        let notification = "\u{1B}]9;natter: reply finished: one · m\u{1B}\\"

        try tmux.command("send-keys", "-t", tmux.name, "-H", "1b", "5b", "4f")  // the terminal lost the focus
        try ChatUITests.ask(tmux, "first")
        #expect(await tmux.wait(forText: "done here"))
        #expect(await tmux.wait { _ in output().contains(notification) }, "notified: \(output().suffix(300).debugDescription)")

        try tmux.command("send-keys", "-t", tmux.name, "-H", "1b", "5b", "49")  // and has it again
        try ChatUITests.ask(tmux, "second")
        #expect(await tmux.wait { $0.joined().components(separatedBy: "done here").count == 3 }, "\(tmux.text)")
        #expect(output().components(separatedBy: notification).count == 2, "nothing while focused")
        #expect(!tmux.text.contains("[O") && !tmux.text.contains("[I"), "focus reports never typed into the input")
        try tmux.send("C-c")
    }
}
