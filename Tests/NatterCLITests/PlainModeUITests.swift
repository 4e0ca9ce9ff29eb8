import Foundation
import NatterTestSupport
import Testing

/// `--plain` in the real binary (issue 32, point 4), every byte it writes recorded (tmux's pipe-pane): after
/// start-up no escape sequence at all (no cursor moved, nothing erased, no scroll region, no colour), each message
/// said once and in order, in words, a hostile reply's escapes never passing, and an overlay said in words.
@Suite(.serialized) struct PlainModeUITests {
    /// natter --plain against `server` in tmux, once its prompt is shown, and every byte it writes from then on.
    static func plainChat(_ server: LoopbackServer) async throws -> (TmuxSession, @Sendable () -> String) {
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--plain", "--provider", "one", "--model", "m"]))
        #expect(await tmux.wait(forText: ">"), "\(tmux.text)")
        let recorded = home + "/output.bytes"
        try tmux.command("pipe-pane", "-t", tmux.name, "-o", "cat >> " + NatterCommand.quote(recorded))
        return (tmux, { FileManager.default.contents(atPath: recorded).map { String(decoding: $0, as: UTF8.self) } ?? "" })
    }

    @Test func aConversationIsOnlyAppendedInWords() async throws {
        let server = try await LoopbackServer.numbered { number in
            if number == 1 {
                return .stream(ChatUITests.sse(["Here is a table:\n\n| name | size |\n", "| --- | --: |\n| a.txt | 3 |\n\n", "```swift\nlet x", " = 1\n```\nend one"]))
            }
            return .stream(ChatUITests.sse(["second \u{1B}]0;owned\u{07}\u{1B}[2J", "answer"]))
        }
        defer { Task { await server.stop() } }
        let (tmux, output) = try await Self.plainChat(server)

        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait { _ in output().contains("reply finished") }, "\(output().debugDescription)")
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait { _ in output().components(separatedBy: "reply finished").count == 3 }, "\(output().debugDescription)")

        let said = output()
        #expect(!said.contains("\u{1B}"), "no escape sequence after start-up: \(said.debugDescription)")
        let expected = [
            "You:", "first question", "Assistant, one · m:", "Here is a table:", "table, 1 row:", "  name: a.txt", "  size: 3",
            "end of table", "code, swift:", "let x = 1", "end of code", "end one", "reply finished",
            "You:", "second question", "second answer", "reply finished",
        ]
        var rest = Substring(said)
        for line in expected {
            guard let found = rest.range(of: line) else {
                Issue.record("\"\(line)\" not said, or not in order, in: \(said.debugDescription)")
                break
            }
            rest = rest[found.upperBound...]
        }
        #expect(said.components(separatedBy: "let x = 1").count == 2, "said once")

        // An overlay is said from its own view: its title and rows when it opens, then each row the keys move to.
        try tmux.send("C-t")
        #expect(await tmux.wait { _ in output().contains("selected: ● dark") }, "\(output().suffix(400).debugDescription)")
        try tmux.send("Down")
        #expect(await tmux.wait { _ in output().contains("2 of ") }, "\(output().suffix(400).debugDescription)")
        try tmux.send("Escape")
        #expect(await tmux.wait { _ in output().contains("closed: Theme") }, "\(output().suffix(400).debugDescription)")
        #expect(!output().contains("\u{1B}"), "still no escape sequence")
        try tmux.send("C-c")
    }

    /// The full screen's escape test, in plain mode: a reply clearing the screen, setting the clipboard (OSC 52),
    /// colouring and moving the cursor back reaches the terminal as its text only.
    @Test func escapeSequencesInAReplyNeverReachTheTerminal() async throws {
        let hostile = ["safe start ", "\u{1B}[2J\u{1B}[H", "\u{1B}]52;c;SGVsbG8=\u{07}", "\u{1B}[31mred\u{1B}[0m", "\r\u{08}", " safe end"]
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(hostile)) }
        defer { Task { await server.stop() } }
        let (tmux, output) = try await Self.plainChat(server)
        try ChatUITests.ask(tmux, "be hostile")
        #expect(await tmux.wait { _ in output().contains("reply finished") }, "\(output().debugDescription)")
        #expect(output().contains("safe start red safe end"), "\(output().debugDescription)")
        #expect(!output().contains("\u{1B}") && !output().contains("\u{08}"), "\(output().debugDescription)")
        try tmux.send("C-c")
    }
}
