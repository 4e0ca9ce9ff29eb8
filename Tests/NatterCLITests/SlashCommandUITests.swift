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

/// F3, history search, in the real binary: a message typed in another, saved session found by typing a word of it,
/// and put into the input by Enter.
@Suite(.serialized) struct HistorySearchUITests {
    @Test func f3FindsAMessageFromAnotherSession() async throws {
        let home = try Scratch.home()
        let folder = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = [
            #"{"type":"session","id":"20261201-120000-other","created":"2026-12-01T12:00:00Z","version":2}"#,
            #"{"type":"message","id":"a","role":"user","parts":[{"type":"text","text":"how far can a tapir swim"}],"ts":"2026-12-01T12:00:01Z"}"#,
            #"{"type":"message","id":"b","parent":"a","role":"assistant","parts":[{"type":"text","text":"a reply about otters"}],"provider":"x","model":"y","ts":"2026-12-01T12:00:02Z","finish":"stop"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/20261201-120000-other.jsonl", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]), width: 120, height: 30)
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("F3")
        #expect(await tmux.wait(forText: "Typed before"))
        try tmux.type("tapir")
        #expect(await tmux.wait(forText: "how far can a tapir swim"), "\(tmux.text)")
        #expect(!tmux.text.contains("otters"), "a reply is not something typed")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "› how far can a tapir swim"), "into the input: \(tmux.text)")
        try tmux.send("C-u")
        try tmux.send("C-c")
    }
}
