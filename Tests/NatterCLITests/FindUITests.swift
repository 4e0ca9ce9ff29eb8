import Foundation
import NatterTestSupport
import Testing

/// Ctrl+F in the real binary: the search runs off the UI thread and its matches come back through the inbox.
@Suite(.serialized) struct FindUITests {
    @Test func ctrlFFindsInTheConversationAndEscapeGoesBack() async throws {
        let server = try await LoopbackServer.start { request, _ in
            .stream(ChatUITests.sse(["The okapi and ", "the OKAPI again, about ", BranchingUITests.contents(request).last ?? "?"]))
        }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try ChatUITests.ask(tmux, "first")
        #expect(await tmux.wait(forText: "about first"))
        try ChatUITests.ask(tmux, "second")
        #expect(await tmux.wait(forText: "about second"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })

        try tmux.send("C-f")
        #expect(await tmux.wait(forText: "find:"))
        try tmux.type("okapi")
        #expect(await tmux.wait(forText: "1/4"), "four matches, the first in view shown: \(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "2/4"), "\(tmux.text)")
        try tmux.send("Escape")
        #expect(await tmux.wait { !$0.joined().contains("find:") && $0.joined().contains("Enter send") })
    }
}
