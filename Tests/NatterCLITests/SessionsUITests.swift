import Foundation
import NatterTestSupport
import Testing

/// The sessions browser in the real binary: chat, quit, come back, find the chat by a word of its answer,
/// review it and carry on.
@Suite(.serialized) struct SessionsUITests {
    @Test func aChatIsFoundBySearchReviewedAndResumedWithItsHistory() async throws {
        let server = try await LoopbackServer.start { request, _ in
            let answer = request.bodyText.contains("second question") ? "glad to continue" : "The tapir is a perissodactyl."
            return .stream(ChatUITests.sse([answer]))
        }
        defer { Task { await server.stop() } }
        let (home, first) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try ChatUITests.ask(first, "Tell me about tapirs")
        #expect(await first.wait(forText: "perissodactyl."))
        #expect(await first.wait { !$0.joined().contains("▌") })
        try first.send("C-c")
        #expect(await first.wait { _ in FileManager.default.fileExists(atPath: home + "/exit.txt") })

        // A new natter, a new conversation: the old one is found through the browser's search.
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-s")
        #expect(await tmux.wait(forText: "Tell me about tapirs"), "the list shows the session by its first message")
        try tmux.send("Tab")
        try tmux.type("PERISSO")
        #expect(await tmux.wait(forText: "reply: The tapir is a perissodactyl."), "the hit shows the matching line")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "read-only"), "Enter opens the review")
        #expect(tmux.screen().first?.contains("review") == true)
        #expect(tmux.text.contains("You") && tmux.text.contains("Tell me about tapirs"))

        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "resumed \"Tell me about tapirs\""))
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait(forText: "glad to continue"))

        let last = try #require(server.requests.last { $0.method == "POST" }?.bodyText)
        #expect(last.contains("Tell me about tapirs") && last.contains("perissodactyl") && last.contains("second question"))
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions").filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 1, "the resumed conversation goes on in its own file")
    }

    /// natter over two saved sessions, its browser open and filtered down to the Rust one.
    static func browserOnTheRustSession() async throws -> (home: String, tmux: TmuxSession) {
        let home = try SessionCommandTests.homeWithSessions()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-s")
        #expect(await tmux.wait(forText: "Rust lifetimes"))
        try tmux.type("rust")
        #expect(await tmux.wait { !$0.joined().contains("Café") }, "only the Rust session is listed")
        return (home, tmux)
    }

    @Test func renameAndDeleteFromTheReview() async throws {
        let (home, tmux) = try await Self.browserOnTheRustSession()
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "read-only"))

        try tmux.send("n")
        #expect(await tmux.wait(forText: "Rename to: Rust lifetimes"))
        try tmux.send("C-u")
        try tmux.type("Borrowing")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "renamed to \"Borrowing\""))
        let path = home + "/data/sessions/\(SessionCommandTests.sessionB).jsonl"
        #expect(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(#""title":"Borrowing""#))

        try tmux.send("d")
        #expect(await tmux.wait(forText: "Delete \"Borrowing\"? y/n"))
        try tmux.type("y")
        #expect(await tmux.wait(forText: "session deleted"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(await tmux.wait(forText: "filter: rust"), "back in the browser, its filter kept")
        for _ in 0..<4 { try tmux.send("BSpace") }
        #expect(await tmux.wait { screen in
            screen.joined().contains("Tell me about Café culture") && !screen.joined().contains("Borrowing")
        }, "back in the list, without it")
    }

    @Test func renameExportAndDeleteFromTheList() async throws {
        let (home, tmux) = try await Self.browserOnTheRustSession()

        try tmux.send("F2")
        #expect(await tmux.wait(forText: "Rename to: Rust lifetimes"))
        try tmux.send("C-u")
        try tmux.type("Borrowing")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "renamed to \"Borrowing\""))
        for _ in 0..<4 { try tmux.send("BSpace") }  // the filter no longer matches the new title: clear it
        #expect(await tmux.wait { $0.joined().contains("Borrowing") && $0.joined().contains("Café") }, "the list shows the new title")
        let path = home + "/data/sessions/\(SessionCommandTests.sessionB).jsonl"
        #expect(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(#""title":"Borrowing""#))

        // The list is newest first; choose the renamed one by filtering again.
        try tmux.type("borrow")
        #expect(await tmux.wait { !$0.joined().contains("Café") })
        try tmux.send("C-e")
        #expect(await tmux.wait(forText: "Export Markdown to:"))
        try tmux.send("C-u")
        try tmux.type(home + "/borrowing.md")
        try tmux.send("Enter")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/borrowing.md") })

        try tmux.send("DC")  // Delete
        #expect(await tmux.wait(forText: "Delete \"Borrowing\"? y/n"))
        try tmux.type("n")
        #expect(await tmux.wait { !$0.joined().contains("y/n") }, "n keeps it")
        #expect(FileManager.default.fileExists(atPath: path))
        try tmux.send("DC")
        #expect(await tmux.wait(forText: "Delete \"Borrowing\"? y/n"))
        try tmux.type("y")
        #expect(await tmux.wait(forText: "session deleted"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(await tmux.wait(forText: "no session title matches"), "gone from the list, the browser still open")
    }

    /// Pin and archive from the browser: the pinned session moves to the top with its mark; an archived one
    /// leaves the list for the archived list (F3); both are records in the transcripts, as `natter sessions` sees.
    @Test func pinAndArchiveInTheBrowser() async throws {
        let home = try SessionCommandTests.homeWithSessions()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-s")
        #expect(await tmux.wait(forText: "Rust lifetimes"))
        func rows() -> [String] { tmux.screen().filter { $0.contains("Rust lifetimes") || $0.contains("Café culture") } }
        #expect(rows().first?.contains("Rust lifetimes") == true, "newest first: \(rows())")

        try tmux.send("Down")  // the older Café session
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "pinned: listed first, never pruned"))
        #expect(await tmux.wait { _ in rows().first?.contains("⚑ Tell me about Café culture") == true }, "pinned first, marked: \(rows())")
        let folder = home + "/data/sessions/"
        let café = (try? String(contentsOfFile: folder + SessionCommandTests.sessionA + ".jsonl", encoding: .utf8)) ?? ""
        #expect(café.contains(#""type":"pin""#), "a record in its transcript")

        // The highlight stayed on the pinned session, now first; the Rust one is second.
        try tmux.send("Down")
        try tmux.send("C-a")
        #expect(await tmux.wait(forText: "archived: F3 lists the archived sessions"))
        #expect(await tmux.wait { _ in rows().count == 1 && rows()[0].contains("Café") }, "the archived one left the list: \(rows())")
        try tmux.send("F3")
        #expect(await tmux.wait(forText: "Archived sessions"))
        #expect(await tmux.wait { _ in rows().count == 1 && rows()[0].contains("Rust lifetimes") }, "\(rows())")
        try tmux.send("C-a")
        #expect(await tmux.wait(forText: "back in the list"))
        try tmux.send("F3")
        #expect(await tmux.wait { _ in rows().count == 2 }, "both listed again: \(rows())")

        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed.split(separator: "\n").dropFirst().first?.hasPrefix(SessionCommandTests.sessionA) == true, "\(listed)")
    }
}
