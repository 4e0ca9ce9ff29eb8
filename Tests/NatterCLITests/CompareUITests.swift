import Foundation
import NatterTestSupport
import Testing

/// Compare end to end in tmux (SPEC 9): two loopback servers of different engines get one prompt, both stream
/// on screen at once, one reply is kept, and only its server hears what comes next.
@Suite(.serialized) struct CompareUITests {
    @Test func twoModelsStreamSideBySideAndTheKeptOneCarriesOn() async throws {
        // Numbered by the request: 0 for the compared prompt, 1 for the one after it.
        let turn: @Sendable (RecordedRequest) -> Int = { $0.bodyText.contains("and then?") ? 1 : 0 }
        let one = try await LoopbackServer.start { request, _ in
            .stream(EngineStreams.openAI((1...8).map { "alpha\(turn(request))-\($0) " }), pause: .milliseconds(150))
        }
        let two = try await LoopbackServer.start { request, _ in
            .stream(EngineStreams.anthropic((1...8).map { "bravo\(turn(request))-\($0) " }), pause: .milliseconds(150))
        }
        defer { Task { await one.stop(); await two.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", one, model: "m1"), named: "one", in: home)
        try Scratch.provider(
            #"{ "name": "two", "engine": "anthropic", "host": "\#(two.url)", "models": [ { "name": "m2", "context_window": 16384 } ], "retry": { "max_retries": 0 } }"#,
            named: "two", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one", "--model", "m1"]), width: 120, height: 30)
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")

        try tmux.send("C-o")
        #expect(await tmux.wait(forText: "Compare (0 marked) · Space marks 2–4"), "\(tmux.text)")
        try tmux.send("Space")
        #expect(await tmux.wait(forText: "[1] m1"), "\(tmux.text)")
        try tmux.send("Down")
        try tmux.send("Space")
        #expect(await tmux.wait(forText: "[2] m2"), "\(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "compare · one · m1 | two · m2"), "the header says compare mode and its models: \(tmux.text)")

        try ChatUITests.ask(tmux, "which one?")
        // Both panes show text while both still stream.
        #expect(await tmux.wait(forText: "bravo0-2"), "\(tmux.text)")
        let during = tmux.text
        #expect(during.contains("alpha0-2") && during.contains("2 of 2 replies streaming"), "\(during)")
        let panesRow = try #require(during.split(separator: "\n").first { $0.hasPrefix(" one · m1") && $0.contains("│ two · m2") }, "\(during)")
        #expect(panesRow.contains("streaming"), "each pane has its own header")
        #expect(await tmux.wait(forText: "Enter keeps the focused reply"), "\(tmux.text)")
        #expect(tmux.text.contains("alpha0-8") && tmux.text.contains("bravo0-8"))
        let posts = { (server: LoopbackServer) in server.requests.filter { $0.method == "POST" } }
        #expect(posts(one).count == 1 && posts(two).count == 1)
        #expect(posts(one).first?.bodyText.contains("which one?") == true && posts(two).first?.bodyText.contains("which one?") == true)

        try tmux.send("Right")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "kept two · m2's reply"), "\(tmux.text)")
        #expect(tmux.screen().first?.contains("two · m2") == true, "\(tmux.text)")
        try ChatUITests.ask(tmux, "and then?")
        #expect(await tmux.wait(forText: "bravo1-8"), "\(tmux.text)")
        #expect(posts(one).count == 1, "the other model is not asked again")
        let next = try #require(posts(two).last).bodyText
        #expect(next.contains("bravo0-1") && next.contains("and then?") && !next.contains("alpha0"), "the kept reply is the history")
        try tmux.send("C-c")
    }
}
