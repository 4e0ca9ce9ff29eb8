import Foundation
import NatterTestSupport
import Testing

/// Saving fails (the sessions folder cannot be made, or the disk is "full"): the answer must still reach
/// the person, who must be told plainly that the conversation is not saved, and the chat goes on.
/// The tests run as root, for whom permissions are no obstacle: a regular file where the sessions folder
/// should be, and a file-size limit (`ulimit -f`, EFBIG) stand in for a read-only or full disk.
@Suite(.serialized) struct ResilienceUnsavableTests {
    /// A home whose `<data>/sessions` is a regular file, so no transcript can be created under it.
    static func homeWithSessionsBlocked(_ server: LoopbackServer) throws -> String {
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "model-a"), named: "one", in: home)
        try FileManager.default.createDirectory(atPath: home + "/data", withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: home + "/data/sessions"))
        return home
    }

    /// A reply long enough that writing it crosses a one-block file-size limit (512 bytes for dash's
    /// `ulimit -f`, 1024 for bash's, which tmux runs).
    static let longAnswer = (1...150).map { "word\($0) " }

    @Test func pipeModePrintsTheAnswerAndWarnsWhenTheSessionsFolderIsAFile() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["still ", "answered"])) }
        defer { Task { await server.stop() } }
        let home = try Self.homeWithSessionsBlocked(server)

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hello", "--provider", "one"], home: home)

        #expect(code == 0, "a complete reply exits 0 even unsaved; stderr: \(stderr)")
        #expect(stdout == "still answered\n")
        #expect(stderr.hasPrefix("natter: cannot save: "), "stderr: \(stderr)")
        #expect(stderr.contains("(\(home)/data/sessions/"), "names where: \(stderr)")
        #expect(stderr.contains("this exchange is not saved"))
        #expect(stderr.split(separator: "\n").count == 1, "said once, not per record: \(stderr)")
    }

    @Test func pipeModeSurvivesAFileSizeLimit() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(Self.longAnswer)) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "model-a"), named: "one", in: home)

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hello", "--provider", "one"], home: home, fileSizeLimit: 1)

        #expect(code == 0, "natter must not die of SIGXFSZ; stderr: \(stderr)")
        #expect(stdout == Self.longAnswer.joined() + "\n")
        #expect(stderr.contains("File too large") && stderr.contains("this exchange is not saved"), "stderr: \(stderr)")
        let folder = home + "/data/sessions"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let saved = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        #expect(saved.contains("\"text\":\"hello\""), "what fitted is kept")
    }

    @Test func theUIShowsTheSaveErrorAndTheChatGoesOn() async throws {
        let server = try await LoopbackServer.start { request, _ in
            .stream(PipeModeTests.sse([request.bodyText.contains("second") ? "second reply" : "first reply"]))
        }
        defer { Task { await server.stop() } }
        let home = try Self.homeWithSessionsBlocked(server)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        #expect(await tmux.wait(forText: "Enter send"))

        try ChatUITests.ask(tmux, "first")
        #expect(await tmux.wait(forText: "first reply"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        #expect(await Self.statusSaysUnsaved(tmux), "after the reply: \(tmux.screen().last ?? "")")

        try ChatUITests.ask(tmux, "second")
        #expect(await tmux.wait(forText: "second reply"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        #expect(await Self.statusSaysUnsaved(tmux), "still said after the next reply")
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=0\n")
    }

    @Test func theUISurvivesAFileSizeLimit() async throws {
        let server = try await LoopbackServer.start { request, _ in
            .stream(PipeModeTests.sse(request.bodyText.contains("second") ? ["second reply"] : Self.longAnswer))
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "model-a"), named: "one", in: home)
        // The whole shell line is limited, natter included; its stderr goes to a file too, and must not grow.
        let tmux = try TmuxSession("ulimit -f 1; " + NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        #expect(await tmux.wait(forText: "Enter send"))

        try ChatUITests.ask(tmux, "first")
        #expect(await tmux.wait(forText: "word150"))
        #expect(await Self.statusSaysUnsaved(tmux), "status: \(tmux.text)")
        #expect(tmux.screen().last?.contains("File too large") == true)

        try ChatUITests.ask(tmux, "second")
        #expect(await tmux.wait(forText: "second reply"), "natter is alive and still chatting")
        // Ctrl+C quits only once the reply has ended (while it streams, it cancels the reply).
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=0\n", "not killed by SIGXFSZ (153)")
    }

    static func statusSaysUnsaved(_ tmux: TmuxSession) async -> Bool {
        await tmux.wait { screen in
            let status = screen.last ?? ""
            return status.contains(" cannot save: ")
        }
    }
}
