import Foundation
import NatterTestSupport
import Testing

/// One session, two natters: the one that has it open keeps it; the other goes on in a copy, says so, and
/// never writes into the first one's file (two writers interleaved their records, forking it silently).
@Suite(.serialized) struct SessionLockTests {
    @Test func aSessionOpenInTheUIIsContinuedElsewhereInACopy() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["an answer"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m"), named: "one", in: home)
        let (first, _, _) = try await NatterProcess.run(["-p", "the first question", "--provider", "one"], home: home)
        #expect(first == 0)
        let sessions = home + "/data/sessions"
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions).first { $0.hasSuffix(".jsonl") }?.dropLast(6))

        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--session", String(id)]))
        #expect(await tmux.wait(forText: "the first question"))
        let before = try String(contentsOfFile: "\(sessions)/\(id).jsonl", encoding: .utf8)

        let (code, _, stderr) = try await NatterProcess.run(["--session", String(id), "-p", "from elsewhere"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stderr.contains("open in another natter") && stderr.contains("copy"), "\(stderr)")
        #expect(try String(contentsOfFile: "\(sessions)/\(id).jsonl", encoding: .utf8) == before, "the open session's file is untouched")
        let copies = try FileManager.default.contentsOfDirectory(atPath: sessions).filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(id) }
        #expect(copies.count == 1)
        let copy = try String(contentsOfFile: "\(sessions)/\(copies[0])", encoding: .utf8)
        #expect(copy.contains("the first question") && copy.contains("from elsewhere"), "the copy holds the history and goes on")
        let body = try #require(server.requests.last?.bodyText)
        #expect(body.contains("the first question") && body.contains("from elsewhere"))

        // The UI still writes its own session.
        try ChatUITests.ask(tmux, "from the UI")
        #expect(await tmux.wait { _ in ((try? String(contentsOfFile: "\(sessions)/\(id).jsonl", encoding: .utf8)) ?? "").contains("from the UI") })
    }
}
