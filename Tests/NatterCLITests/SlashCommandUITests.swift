import Foundation
import NatterTestSupport
import Testing

/// `/` commands in the real binary and a real terminal (SPEC 13): the list shows while one is typed, `/model`
/// switches the model the next request goes to, `/set temperature 0.2` reaches the next request's body.
@Suite(.serialized) struct SlashCommandUITests {
    @Test func slashModelSwitchesAndSlashSetReachesTheNextRequest() async throws {
        let first = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["first server"])) }
        let second = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["second server"])) }
        defer { Task { await first.stop(); await second.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", first, "m1"), ("two", second, "m2")], arguments: ["--provider", "one", "--model", "m1"])

        try tmux.type("/mo")
        #expect(await tmux.wait(forText: "/model NAME or PROVIDER/NAME"), "the list above the input: \(tmux.text)")
        try tmux.send("Tab")
        try tmux.type("two/m2")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "two · m2"), "switched: \(tmux.text)")

        try tmux.type("/set temperature 0.2")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "temperature 0.2 from the next request"), "\(tmux.text)")
        try ChatUITests.ask(tmux, "hi")
        #expect(await tmux.wait(forText: "second server"), "\(tmux.text)")
        #expect(first.requests.filter { $0.method == "POST" }.isEmpty, "nothing went to the first model")
        let request = try #require(second.requests.last { $0.method == "POST" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["model"] as? String == "m2" && body["temperature"] as? Double == 0.2, "\(body)")

        try tmux.type("/nonesuch")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "no command /nonesuch"), "\(tmux.text)")
        #expect(second.requests.filter { $0.method == "POST" }.count == 1, "an unknown command sends nothing")
        #expect(ChatUITests.transcriptLines(home).contains { $0.contains(#""temperature":0.2"#) }, "recorded")
        try tmux.send("C-u")
        try tmux.send("C-c")
    }
}
