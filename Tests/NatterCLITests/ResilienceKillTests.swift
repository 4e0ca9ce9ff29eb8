import Foundation
import NatterTestSupport
import Testing

/// natter killed with SIGKILL in the middle of a reply: nothing that was on screen before the reply may be
/// lost, and the session must open and continue as if it had been left normally.
@Suite(.serialized) struct ResilienceKillTests {
    @Test func killNineMidStreamLosesNothingBeforeTheReply() async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.bodyText.contains("second question") && !request.bodyText.contains("third question")
                ? .stream(PipeModeTests.sse(["half of the second ans"], done: false), then: .stall)
                : .stream(PipeModeTests.sse(["first answer, complete."]))
        }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait(forText: "first answer, complete."))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait(forText: "half of the second ans"))
        // Streamed text reaches the file within a second, while the reply still streams (here: stalls).
        #expect(await tmux.wait { _ in ChatUITests.transcriptLines(home).contains { $0.contains(#""type":"partial""#) } })

        let shell = try #require(tmux.panePID)
        let natter = try #require(ProcessChildren.of(shell).first)
        kill(natter, SIGKILL)
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=137\n", "128 + SIGKILL")

        // The file as the kill left it: the first exchange and the second question, no reply to it.
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions").filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 1)
        let id = try #require(files.first?.replacingOccurrences(of: ".jsonl", with: ""))

        let (shown, stdout, stderr) = try await NatterProcess.run(["show", id], home: home)
        #expect(shown == 0, "stderr: \(stderr)")
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("first question"))
        #expect(lines.contains("first answer, complete."))
        #expect(lines.contains("second question"), "the last question was on disk before its request left")
        #expect(lines.contains("half of the second ans"), "the streamed part of the killed reply is kept: \(stdout)")
        #expect(stdout.contains("interrupted"), "and marked interrupted")

        let (listed, table, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed == 0)
        #expect(table.split(separator: "\n").contains { $0.hasPrefix(id) })

        // -c picks it up: the whole history goes with the next request and lands in the same file.
        let (continued, answer, continueErr) = try await NatterProcess.run(
            ["-c", "-p", "third question", "--provider", "one"], home: home)
        #expect(continued == 0, "stderr: \(continueErr)")
        #expect(answer == "first answer, complete.\n")
        let body = try #require(server.requests.last?.bodyText)
        #expect(body.contains("first question") && body.contains("second question") && body.contains("third question"))
        let roles = try Self.roles(of: body)
        #expect(roles == ["user", "assistant", "user", "assistant", "user"], "the kept partial reply between the questions, never two user turns: \(roles)")
        let saved = try String(contentsOfFile: home + "/data/sessions/\(id).jsonl", encoding: .utf8)
        #expect(saved.contains("\"text\":\"third question\""))
        #expect(saved.split(separator: "\n").filter { $0.contains(#""type":"message""#) }.count == 5, "three questions, two answers: \(saved)")
    }

    static func roles(of body: String) throws -> [String] {
        let request = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (request?["messages"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String }
    }
}
