import Foundation
import NatterTestSupport
import Testing

/// The conversation tree in the real binary: edit an earlier message, the server is sent only the edited
/// branch, the old branch stays (Left/Right on the message, Ctrl+B), and reopening shows the branch left active.
@Suite(.serialized) struct BranchingUITests {
    /// The texts of a chat request's messages.
    static func contents(_ request: RecordedRequest) -> [String] {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        return (body?["messages"] as? [[String: Any]])?.map { $0["content"] as? String ?? "" } ?? []
    }

    @Test func editingTheFirstMessageForksAndTheOldBranchStaysReachable() async throws {
        // Each reply says which question it answers, so the screen tells the branches apart.
        let server = try await LoopbackServer.start { request, _ in
            .stream(ChatUITests.sse(["answer to ", Self.contents(request).last ?? "?"]))
        }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait(forText: "answer to first question"))
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait(forText: "answer to second question"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })

        // Alt+↑ selects the newest message; ↑ three times reaches the first question; e edits it.
        try tmux.send("M-Up")
        #expect(await tmux.wait(forText: "e edit"), "the selection's keys are shown")
        try tmux.send("Up", "Up", "Up")
        #expect(await tmux.wait { $0.contains { $0.hasPrefix("▶ You") } && $0.contains { $0 == "first question" } })
        try tmux.send("e")
        #expect(await tmux.wait { $0.contains { $0.hasPrefix("› first question") } }, "the message comes back into the input")
        try tmux.send("C-u")
        try ChatUITests.ask(tmux, "first, edited")
        #expect(await tmux.wait(forText: "answer to first, edited"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })

        try #require(server.requests.count == 3)
        #expect(Self.contents(server.requests[2]) == ["first, edited"], "only the edited branch is sent")
        var screen = tmux.screen().joined(separator: "\n")
        #expect(screen.contains("You ‹2/2›"))
        #expect(!screen.contains("second question"), "the old branch is not shown")

        // ← on the edited message shows the old branch again.
        try tmux.send("M-Up")
        try tmux.send("Up")
        #expect(await tmux.wait { $0.contains { $0.hasPrefix("▶ You ‹2/2›") } })
        try tmux.send("Left")
        #expect(await tmux.wait(forText: "answer to second question"))
        #expect(await tmux.wait { $0.contains { $0.hasPrefix("▶ You ‹1/2›") } }, "\(tmux.screen().joined(separator: "\n"))")
        try tmux.send("Escape")

        // Ctrl+B lists both branches; choosing the edited one shows it.
        try tmux.send("C-b")
        #expect(await tmux.wait(forText: "Branches"))
        screen = tmux.screen().joined(separator: "\n")
        #expect(screen.contains("You: first question") && screen.contains("You: first, edited"))
        #expect(screen.contains("model-a: answer to second question"))
        try tmux.send("End")
        try tmux.send("Enter")
        #expect(await tmux.wait { !$0.joined().contains("Branches") && $0.joined().contains("answer to first, edited") })
        #expect(!tmux.screen().joined().contains("second question"))

        // The choice is saved: quit, and `natter -c` opens on the edited branch.
        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })
        let reopened = try TmuxSession(NatterCommand.line(home: home, arguments: ["-c"]))
        #expect(await reopened.wait(forText: "answer to first, edited"))
        let shown = reopened.screen().joined(separator: "\n")
        #expect(shown.contains("first, edited") && !shown.contains("second question"))
        try reopened.send("C-c")
    }
}
