import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Transcripts written by natter before the tree (format 1), kept as they were written in
/// Tests/Fixtures/format1: they read as one branch, show, count and continue, and continuing one leaves its
/// old lines byte for byte as they were.
@Suite struct FormatOneFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/format1")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name + ".jsonl"))
    }

    @Test func aRegeneratedReplyIsASiblingAndTheBranchIsTheLastOne() throws {
        let transcript = TranscriptReader.parse(try Self.fixture("chat-regenerated-and-switched"))
        #expect(transcript.problems.isEmpty)
        #expect(transcript.header?.version == 1)
        #expect(transcript.activeBranch.map(\.text) == ["Tell me two things", "Answer number 3.", "And a follow-up", "Answer number 4."])
        #expect(transcript.activeBranch.map(\.id) == ["l2", "l4", "l6", "l7"])
        #expect(transcript.conversation.siblings(of: "l4").map(\.text) == ["Answer number 2.", "Answer number 3."])
        #expect(transcript.lastSelection?.model == "other-model")
        let summary = SessionSummary(id: "x", transcript: transcript)
        #expect(summary.messageCount == 4, "the active branch, not every message")
        #expect(summary.models == ["local · local-model", "local · other-model"])
    }

    @Test func aFailedReplyStaysOnTheBranchAndTheQuestionsAroundItGoAsOne() throws {
        let transcript = TranscriptReader.parse(try Self.fixture("failed-then-continued"))
        let branch = transcript.activeBranch
        #expect(branch.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(branch[1].finish == .error && branch[1].error?.contains("HTTP 400") == true)
        let sent = ChatSession.requestHistory(branch)
        #expect(sent.map(\.text) == ["first try\n\nsecond try", "Answer number 2."])
    }

    @Test func showingPrintsTheBranchAndTheTreePrintsBothReplies() throws {
        let transcript = TranscriptReader.parse(try Self.fixture("chat-regenerated-and-switched"))
        let shown = TranscriptExport.render(transcript, id: "x", format: .text)
        #expect(shown.contains("Answer number 3.") && !shown.contains("Answer number 2."))
        #expect(shown.contains("-- switched to local · other-model --"))
        let tree = TranscriptExport.render(transcript, id: "x", format: .text, tree: true)
        #expect(tree.contains("○ local · local-model ‹1/2›") && tree.contains("● local · local-model ‹2/2›"))
        #expect(tree.contains("Answer number 2.") && tree.contains("Answer number 3."))
        let markdown = TranscriptExport.render(transcript, id: "x", format: .markdown, tree: true)
        #expect(markdown.contains("## ● You") && markdown.contains("### local · local-model ‹1/2›"))
    }

    @Test(arguments: ["pipe-one-exchange", "chat-regenerated-and-switched", "failed-then-continued"])
    func continuingAppendsFormatTwoAfterTheUntouchedOldLines(fixture: String) async throws {
        let original = try Self.fixture(fixture)
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["more of it"])) }
        defer { Task { await server.stop() } }
        let directory = NSTemporaryDirectory() + "natter-format1-\(UUID().uuidString)/sessions"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = SessionStore(directory: directory)
        let id = "20261201-000000-abcdef"
        try original.write(to: URL(fileURLWithPath: store.path(for: id)))
        let transcript = try store.read(id: id)
        let oldBranch = transcript.activeBranch

        let opened = SessionContinuation.open(
            id, transcript: transcript, store: store, registry: ChatSessionTests.registry([("one", server)]),
            fallback: Origin(provider: "one", model: "one-model"), continueWith: Origin(provider: "one", model: "one-model"))
        var events = opened.session.eventStream().makeAsyncIterator()
        await opened.begin()
        #expect(await opened.session.send("and more?"))
        _ = await ChatSessionTests.reply(opened.session, &events)
        await opened.session.close()

        let after = try Data(contentsOf: URL(fileURLWithPath: store.path(for: id)))
        #expect(after.prefix(original.count) == original, "the old lines are as they were")
        let sent = try ChatSessionTests.sentContents(try #require(server.requests.first))
        #expect(sent == ChatSession.requestHistory(oldBranch).map(\.text) + ["and more?"])
        let reread = try store.read(id: id)
        #expect(reread.activeBranch.map(\.text) == oldBranch.map(\.text) + ["and more?", "more of it"])
        #expect(reread.activeBranch.dropLast(2).last?.id == oldBranch.last?.id)
        let appended = String(decoding: after.dropFirst(original.count), as: UTF8.self)
        #expect(appended.contains("\"parent\":\"\(oldBranch.last!.id)\""), "the new message names the old one it follows")
        #expect(store.list().first { $0.id == id }?.messageCount == oldBranch.count + 2, "the index counts the branch")
    }
}
