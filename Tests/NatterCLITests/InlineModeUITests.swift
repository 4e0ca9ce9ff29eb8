import Foundation
import NatterTestSupport
import Testing

/// `--inline` in the real binary (issue 32, points 1–3): the conversation printed into the terminal's own
/// scrollback (tmux's history, read with `capture-pane -S - -E -`), each message once and in order, whatever a
/// resize in the middle of a reply does; overlays leave no trace there; quitting leaves it all on screen with the
/// shell's prompt below.
@Suite(.serialized) struct InlineModeUITests {
    /// The pane's whole history and screen, as text.
    static func history(_ tmux: TmuxSession) throws -> String {
        try tmux.command("capture-pane", "-p", "-t", tmux.name, "-S", "-", "-E", "-")
    }

    /// How many times `needle` is in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Each of `lines` once in `text`, in this order; the first that is not, as a message.
    static func onceInOrder(_ lines: [String], in text: String) -> String? {
        var rest = Substring(text)
        for line in lines {
            guard count(line, in: text) == 1 else { return "\"\(line)\" is there \(count(line, in: text)) times in:\n\(text)" }
            guard let found = rest.range(of: line) else { return "\"\(line)\" is out of order in:\n\(text)" }
            rest = rest[found.upperBound...]
        }
        return nil
    }

    @Test func threeExchangesAreInTheScrollbackOnceAndStayAfterQuitting() async throws {
        let long = (1...40).map { "streamed line \($0)\n\n" }
        let server = try await LoopbackServer.numbered { number in
            switch number {
            case 1:
                return .stream(ChatUITests.sse([
                    "Here is a table:\n\n| name | size |\n", "| --- | --: |\n| a.txt | 3 |\n\n", "```swift\nlet x", " = 1\n```\nend of reply one",
                ]))
            case 2: return .stream(ChatUITests.sse(["the second", " reply"]))
            default: return .stream(ChatUITests.sse(long + ["end of reply three"]), pause: .milliseconds(40))
            }
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(
            NatterCommand.line(home: home, arguments: ["--inline", "--provider", "one", "--model", "m"], shellPrompt: "shell-prompt$ "),
            width: 100, height: 30)
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")
        #expect(tmux.format("#{alternate_on}") == "0", "no alternate screen")

        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("end of reply one") && !$0.contains("streaming ·") } ?? false })
        // An overlay opens in the alternate screen and leaves nothing behind.
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "Provider · model"), "\(tmux.text)")
        #expect(tmux.format("#{alternate_on}") == "1")
        try tmux.send("Escape")
        #expect(await tmux.wait { $0.joined().contains("end of reply one") && !$0.joined().contains("Provider · model") })
        try tmux.send("C-s")
        #expect(await tmux.wait(forText: "─ Sessions"), "\(tmux.text)")
        try tmux.send("Escape")
        #expect(await tmux.wait { _ in tmux.format("#{alternate_on}") == "0" })

        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { Self.count("the second reply", in: $0) == 1 && !$0.contains("streaming ·") } ?? false })
        // The third reply streams for about two seconds; the terminal is made smaller while it does.
        try ChatUITests.ask(tmux, "third question")
        #expect(await tmux.wait(forText: "streamed line 3"), "\(tmux.text)")
        try tmux.resize(width: 80, height: 24)
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("end of reply three") && !$0.contains("streaming ·") } ?? false }, "\(tmux.text)")

        let during = try Self.history(tmux)
        #expect(!during.contains("Provider · model") && !during.contains("─ Sessions"), "no trace of an overlay: \(during)")
        let expected = ["first question", "Here is a table:", "a.txt", "let x = 1", "end of reply one", "second question", "the second reply", "third question"]
            + (1...40).map { "streamed line \($0)\n" } + ["end of reply three"]
        // The header in the live region shows the session's title, the first question: the region is left out.
        let text = during.components(separatedBy: "\n").filter { !$0.contains("natter │") }.joined(separator: "\n")
        if let problem = Self.onceInOrder(expected, in: text) { Issue.record(Comment(rawValue: problem)) }

        try tmux.send("C-c")
        #expect(await tmux.wait(forText: "shell-prompt$"), "\(tmux.text)")
        let after = try Self.history(tmux)
        if let problem = Self.onceInOrder(expected, in: after) { Issue.record(Comment(rawValue: problem)) }
        let tail = after.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(3)
        #expect(tail.last?.hasPrefix("shell-prompt$") == true && tail.contains { $0.contains("end of reply three") },
            "the conversation ends just above the shell's prompt: \(tail)")
        #expect(!after.contains("Enter send"), "the live region is gone: \(after.suffix(600))")
    }

    /// The full screen's escape test, inline (the existing escape tests run in all three modes): a reply clearing
    /// the screen, setting the clipboard (OSC 52), colouring and moving the cursor back reaches the terminal as its
    /// text only, in the live region and in what is printed into the scrollback; every byte natter writes is read.
    @Test func escapeSequencesInAReplyNeverReachTheTerminal() async throws {
        let hostile = ["safe start ", "\u{1B}[2J\u{1B}[H", "\u{1B}]52;c;SGVsbG8=\u{07}", "\u{1B}[31mred\u{1B}[0m", "\r\u{08}", " safe end"]
        let server = try await LoopbackServer.start { request, _ in
            request.method == "POST" ? .stream(ChatUITests.sse(hostile)) : .json(#"{"data":[{"id":"m"}]}"#)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--inline", "--provider", "one", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")
        let recorded = home + "/output.bytes"
        try tmux.command("pipe-pane", "-t", tmux.name, "-o", "cat >> " + NatterCommand.quote(recorded))
        try ChatUITests.ask(tmux, "be hostile")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("safe end") && !$0.contains("streaming ·") } ?? false })
        let history = try Self.history(tmux)
        #expect(history.contains("safe start [2J[H]52;c;SGVsbG8=[31mred[0m safe end"), "\(history)")
        #expect(history.contains("be hostile") && tmux.screen().contains { $0.hasPrefix(" natter") }, "nothing was cleared: \(history)")
        let written = FileManager.default.contents(atPath: recorded).map { String(decoding: $0, as: UTF8.self) } ?? ""
        for sequence in ["\u{1B}[2J", "\u{1B}[H", "\u{1B}]52", "\u{1B}[31m", "\u{08}"] {
            #expect(!written.contains(sequence), "\(sequence.debugDescription) reached the terminal: \(written.debugDescription)")
        }
    }

    /// Scrollback is never rewritten: an earlier message edited (a new branch) is printed below a marker, with the
    /// conversation from that message on, and what came before it is not printed again.
    @Test func anEditPrintsTheNewBranchBelowAMarker() async throws {
        let server = try await LoopbackServer.numbered { .stream(ChatUITests.sse(["reply number \($0)"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--inline", "--provider", "one", "--model", "m"]), width: 100, height: 30)
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")
        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("reply number 1") && !$0.contains("streaming ·") } ?? false })
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("reply number 2") && !$0.contains("streaming ·") } ?? false })
        // The second question selected (the last reply first, then up to it) and edited.
        try tmux.send("M-Up")
        try tmux.send("Up")
        #expect(await tmux.wait(forText: "▶ You"), "\(tmux.text)")
        try tmux.send("e")
        #expect(await tmux.wait(forText: "› second question"), "\(tmux.text)")
        try tmux.send("C-u")
        try ChatUITests.ask(tmux, "second, edited")
        #expect(await tmux.wait { _ in (try? Self.history(tmux)).map { $0.contains("reply number 3") && !$0.contains("streaming ·") } ?? false }, "\(tmux.text)")
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        let history = try Self.history(tmux)
        let expected = ["first question", "reply number 1", "second question", "reply number 2", "the conversation from here is now:", "second, edited", "reply number 3"]
        if let problem = Self.onceInOrder(expected, in: history) { Issue.record(Comment(rawValue: problem)) }
    }
}
