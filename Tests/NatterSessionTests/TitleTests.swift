import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Titles made by a model after the first exchange (SPEC 14), against a loopback server: asked once, off the
/// reply's path, saved with what they cost, never over the person's own, and nothing more after a failure.
@Suite struct TitleTests {
    /// A server that answers chat requests with `answer` and title requests (told apart by the instructions) with
    /// `title`, or with a 500 when `title` is nil.
    static func server(answer: String = "Tapirs are odd-toed ungulates.", title: String?) async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            guard request.bodyText.contains("three to six words") else { return .stream(ChatSessionTests.sse([answer])) }
            guard let title else { return .json(#"{"error":{"message":"down"}}"#, status: 500) }
            let usage = #"data: {"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":6}}"# + "\n\n"
            let finish = #"data: {"choices":[{"delta":{},"finish_reason":"stop"}]}"# + "\n\n"
            return .stream(ChatSessionTests.sse([title], done: false) + [finish, usage, "data: [DONE]\n\n"])
        }
    }

    static func session(_ server: LoopbackServer, _ titles: TitlePolicy, path: String) -> ChatSession {
        ChatSession(registry: ChatSessionTests.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path, titles: titles)
    }

    static func titleRequests(_ server: LoopbackServer) -> Int { server.requests.filter { $0.bodyText.contains("three to six words") }.count }

    @Test func theModelsTitleIsSavedWithItsCostAndSaid() async throws {
        let server = try await Self.server(title: "\"Tapir Taxonomy Basics.\"\nmore words")
        defer { Task { await server.stop() } }
        let path = ChatSessionTests.transcriptPath()
        let session = Self.session(server, TitlePolicy(source: .model), path: path)
        var events = session.eventStream().makeAsyncIterator()
        #expect(await session.send("What are tapirs?"))
        _ = await ChatSessionTests.reply(session, &events)
        var titled: String?
        while let event = await events.next() {
            if case .titled(let title, _) = event { titled = title; break }
        }
        #expect(titled == "Tapir Taxonomy Basics", "first line, quotes and the stop taken off")
        let request = try #require(server.requests.last)
        #expect(request.bodyText.contains("What are tapirs?") && request.bodyText.contains("odd-toed"), "the first exchange is what is titled")
        let transcript = try TranscriptReader.read(path: path)
        let summary = SessionSummary(id: "x", transcript: transcript)
        #expect(summary.title == "Tapir Taxonomy Basics")
        #expect(transcript.records.contains { if case .title(_, let maker?) = $0 { maker.usage?.outputTokens == 6 } else { false } })

        // A second exchange asks for no other title.
        #expect(await session.send("And their noses?"))
        _ = await ChatSessionTests.reply(session, &events)
        #expect(Self.titleRequests(server) == 1)
    }

    @Test func thePersonsTitleIsNeverReplacedAndAFailureAsksNothingMore() async throws {
        let server = try await Self.server(title: "A Model Title")
        defer { Task { await server.stop() } }
        let named = Self.session(server, TitlePolicy(source: .model), path: ChatSessionTests.transcriptPath())
        var events = named.eventStream().makeAsyncIterator()
        await named.setTitle("Mine")
        #expect(await named.send("What are tapirs?"))
        _ = await ChatSessionTests.reply(named, &events)
        await named.waitForTitle()
        #expect(Self.titleRequests(server) == 0, "the person named it")

        let failing = try await Self.server(title: nil)
        defer { Task { await failing.stop() } }
        let path = ChatSessionTests.transcriptPath()
        let session = Self.session(failing, TitlePolicy(source: .model), path: path)
        var failingEvents = session.eventStream().makeAsyncIterator()
        #expect(await session.send("What are tapirs?"))
        _ = await ChatSessionTests.reply(session, &failingEvents)
        await session.waitForTitle()
        #expect(await session.send("More?"))
        _ = await ChatSessionTests.reply(session, &failingEvents)
        await session.waitForTitle()
        #expect(Self.titleRequests(failing) == 1, "asked once")
        let summary = SessionSummary(id: "x", transcript: try TranscriptReader.read(path: path))
        #expect(summary.title == nil && summary.displayTitle == "What are tapirs?", "the first message stands")
    }

    @Test func firstMessageTitlesAskNothing() async throws {
        let server = try await Self.server(title: "Unused")
        defer { Task { await server.stop() } }
        let session = Self.session(server, TitlePolicy(source: .firstMessage), path: ChatSessionTests.transcriptPath())
        var events = session.eventStream().makeAsyncIterator()
        #expect(await session.send("What are tapirs?"))
        _ = await ChatSessionTests.reply(session, &events)
        await session.waitForTitle()
        #expect(server.requests.count == 1)
    }

    @Test func aModelsAnswerIsCleanedAndCut() {
        #expect(TitlePolicy.cleaned("Title: **Rust Lifetimes Explained**.") == "Rust Lifetimes Explained")
        #expect(TitlePolicy.cleaned("\n\n  # Café culture in Vienna\nsecond line") == "Café culture in Vienna")
        #expect(TitlePolicy.cleaned("“Quoted”") == "Quoted")
        #expect(TitlePolicy.cleaned("  \n \"\" ") == nil)
        #expect(TitlePolicy.cleaned("red \u{1B}[31malert\u{1B}[0m") == "red [31malert[0m", "no escape reaches a title")
        let long = TitlePolicy.cleaned(String(repeating: "word ", count: 40))!
        #expect(long.count <= 61 && long.hasSuffix("…") && !long.contains("wor…"), "cut at a word: \(long)")
    }
}
