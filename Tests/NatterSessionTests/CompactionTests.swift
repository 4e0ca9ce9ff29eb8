import Foundation
import Synchronization
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Compaction end to end against a loopback server (SPEC 11): a branch about to pass a small window is
/// summarized by the model, requests carry the summary, the transcript keeps every message, undo brings the
/// whole history back, and a context-length error is met the same way.
@Suite struct CompactionTests {
    static let summaryInstruction = "Summarize this conversation"
    static let summary = "SUMMARY: alpha and bravo were discussed"
    // About 300 tokens each by natter's estimate (1,200 bytes).
    static let alpha = String(repeating: "alpha ", count: 200)
    static let bravo = String(repeating: "bravo ", count: 200)
    static let charlie = String(repeating: "charlie ", count: 150)

    /// Answers a summary request with `summary`, anything else with "reply N".
    static func server(refuse: (@Sendable (RecordedRequest) -> Bool)? = nil, failSummary: Bool = false) async throws -> LoopbackServer {
        try await LoopbackServer.start { request, index in
            if request.bodyText.contains(summaryInstruction) {
                if failSummary { return .json(#"{"error":{"message":"the summarizer is down"}}"#, status: 500) }
                return .stream(ChatSessionTests.sse([summary]))
            }
            if let refuse, refuse(request) {
                return .json(
                    #"{"error":{"message":"This model's maximum context length is 1000 tokens. However, your messages resulted in 1200 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}"#,
                    status: 400)
            }
            return .stream(ChatSessionTests.sse(["reply \(index)"]))
        }
    }

    static func registry(_ server: LoopbackServer, window: Int?) -> ProviderRegistry {
        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(
                name: "p", engine: .openai, host: server.url,
                models: [ModelInfo(name: "small", contextWindow: window), ModelInfo(name: "large", contextWindow: 1_000_000)],
                retry: RetryPolicy(maxRetries: 0)),
            origin: .builtin)
        return registry
    }

    static func sentTexts(_ request: RecordedRequest) throws -> [String] {
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        return (body["messages"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
    }

    @Test func aBranchAboutToPassTheWindowGoesAsASummaryAndTheTranscriptKeepsEverything() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let store = SessionStore(directory: NSTemporaryDirectory() + "natter-compact-\(UUID().uuidString)/sessions")
        let registry = Self.registry(server, window: 1000)
        let session = ChatSession(id: "s", registry: registry, provider: "p", model: "small", transcriptPath: store.path(for: "s"))
        for text in [Self.alpha, Self.bravo, Self.charlie] {
            await session.send(text)
            await session.waitForReply()
        }
        // Two exchanges of about 600 tokens fit; with the third question the request would pass 90 %. The
        // summary goes in pieces that fit the 1,000-token window beside it: alpha's exchange, then bravo's with
        // the summary so far (a rolling summary).
        #expect(server.requests.count == 5)
        let summarizing = server.requests[2].bodyText
        #expect(summarizing.contains(Self.summaryInstruction) && summarizing.contains("alpha alpha") && !summarizing.contains("bravo bravo"))
        let rolling = server.requests[3].bodyText
        #expect(rolling.contains("A summary of its beginning") && rolling.contains(Self.summary) && rolling.contains("bravo bravo"))
        #expect(!rolling.contains("alpha alpha"))
        for request in server.requests[2...3] {
            #expect(ContextMeter.estimate(text: request.bodyText) < 1000, "each summary request fits the window: \(request.bodyText.utf8.count) bytes")
        }
        let before = server.requests[1].bodyText.utf8.count
        let compacted = server.requests[4].bodyText
        #expect(compacted.contains("SUMMARY: alpha and bravo") && compacted.contains("charlie charlie"))
        #expect(!compacted.contains("alpha alpha") && !compacted.contains("bravo bravo"), "the summary stands in for them")
        #expect(compacted.utf8.count < before, "smaller than the request before it, one exchange shorter: \(compacted.utf8.count) bytes against \(before)")
        let texts = try Self.sentTexts(server.requests[4])
        #expect(texts.count == 1 && texts[0].hasPrefix("[natter: the first 4 messages"), "summary and question as one user turn: \(texts.map { $0.prefix(40) })")

        // Every message is kept, in the session and on disk; the compaction is a record of its own.
        #expect(await session.conversation.path().count == 6)
        await session.close()
        let transcript = try TranscriptReader.read(path: store.path(for: "s"))
        #expect(transcript.activeBranch.map(\.text).prefix(3) == [Self.alpha, "reply 0", Self.bravo])
        #expect(transcript.activeBranch.count == 6)
        let kept = try #require(transcript.conversation.compaction(on: transcript.activeBranch))
        #expect(kept.summary == Self.summary && kept.messageCount == 4 && kept.through == transcript.activeBranch[3].id)
        #expect(kept.origin == Origin(provider: "p", model: "small"))
        let exported = TranscriptExport.render(transcript, id: "s", format: .text)
        #expect(exported.contains("alpha alpha") && exported.contains("-- the 4 messages above are summarized for the model, as --\n\(Self.summary)"))

        // Resumed (from a copy of the file: the first session still holds its own), it goes on under the summary.
        try FileManager.default.copyItem(atPath: store.path(for: "s"), toPath: store.path(for: "r"))
        let copied = try TranscriptReader.read(path: store.path(for: "r"))
        let opened = SessionContinuation.open("r", transcript: copied, store: store, registry: registry, fallback: Origin(provider: "p", model: "small"))
        #expect(opened.id == "r" && opened.notice == nil, "\(opened.notice ?? "")")
        await opened.begin()
        await opened.session.send("delta")
        await opened.session.waitForReply()
        let resumed = server.requests.last!.bodyText
        #expect(resumed.contains("SUMMARY: alpha") && !resumed.contains("alpha alpha") && resumed.contains("charlie charlie"))

        // Undone, and on a model with room for it, requests carry the whole branch again.
        #expect(await opened.session.undoCompaction())
        await opened.session.switchTo(provider: "p", model: "large")
        await opened.session.send("echo")
        await opened.session.waitForReply()
        let whole = server.requests.last!.bodyText
        #expect(whole.contains("alpha alpha") && whole.contains("bravo bravo") && !whole.contains("SUMMARY"))
        await opened.session.close()
        let reread = try TranscriptReader.read(path: store.path(for: "r"))
        #expect(reread.conversation.compaction(on: reread.activeBranch) == nil, "the undo is recorded")
        #expect(reread.activeBranch.count == 10)
    }

    @Test func aContextLengthErrorIsMetByCompactingAndAskingAgain() async throws {
        // No window is known, so nothing is compacted ahead: the server's refusal is the signal.
        let server = try await Self.server(refuse: { request in
            request.bodyText.contains("charlie") && request.bodyText.contains("alpha alpha")
        })
        defer { Task { await server.stop() } }
        let session = ChatSession(registry: Self.registry(server, window: nil), provider: "p", model: "small", transcriptPath: nil)
        let events = session.eventStream()
        for text in [Self.alpha, Self.bravo, Self.charlie] {
            await session.send(text)
            await session.waitForReply()
        }
        await session.close()
        var seen: [SessionEvent] = []
        for await event in events { seen.append(event) }

        #expect(server.requests.count == 5, "two replies, the refused request, the summary, the request again")
        #expect(server.requests[3].bodyText.contains(Self.summaryInstruction))
        #expect(server.requests[4].bodyText.contains("SUMMARY: alpha") && !server.requests[4].bodyText.contains("alpha alpha"))
        let path = await session.conversation.path()
        #expect(path.count == 6 && path.last?.text == "reply 4" && path.last?.finish == .stop, "one reply, no failure kept")
        #expect(seen.contains { if case .compacted = $0 { true } else { false } })
        #expect(!seen.contains { if case .compactionFailed = $0 { true } else { false } })
    }

    @Test func aFailedCompactionLeavesTheConversationAsItWasAndSaysWhy() async throws {
        let server = try await Self.server(failSummary: true)
        defer { Task { await server.stop() } }
        let session = ChatSession(registry: Self.registry(server, window: 1000), provider: "p", model: "small", transcriptPath: nil)
        let events = session.eventStream()
        for text in [Self.alpha, Self.bravo, Self.charlie] {
            await session.send(text)
            await session.waitForReply()
        }
        #expect(await session.compactNow())
        await session.waitForReply()
        await session.close()
        var failures: [String] = []
        for await event in events { if case .compactionFailed(let reason) = event { failures.append(reason) } }

        // Before the third request, and when asked: both said, with the server's reason.
        #expect(failures.count == 2 && failures.allSatisfy { $0.contains("the summarizer is down") }, "\(failures)")
        #expect(await session.conversation.compactions.isEmpty)
        let third = server.requests.last { !$0.bodyText.contains(Self.summaryInstruction) }!.bodyText
        #expect(third.contains("alpha alpha") && third.contains("charlie charlie"), "the request went whole")
        #expect(await session.conversation.path().last?.text.hasPrefix("reply") == true)
    }

    /// A long conversation continued on a small model: each summary request fits the window (a rolling summary),
    /// and a summary larger than the window allows, or than what it replaces, is refused (issue 28, point 9).
    @Test func summaryRequestsFitTheWindowAndAnOversizedSummaryIsRefused() async throws {
        let flood = String(repeating: "word ", count: 40_000)  // 200 kB: far past an eighth of an 8,192 window
        let flooding = Atomic(false)
        let server = try await LoopbackServer.start { request, index in
            if request.bodyText.contains(Self.summaryInstruction) {
                return .stream(ChatSessionTests.sse(flooding.load(ordering: .relaxed) ? [flood] : ["short summary"]))
            }
            return .stream(ChatSessionTests.sse(["reply \(index)"]))
        }
        defer { Task { await server.stop() } }
        var conversation = Conversation()
        var parent: String?
        for index in 0..<100 {
            let question = Message(parent: parent, role: .user, parts: [.text("question \(index) " + String(repeating: "talk ", count: 400))])
            conversation.add(question)
            let answer = Message(parent: question.id, role: .assistant, parts: [.text("answer \(index) " + String(repeating: "more ", count: 400))], finish: .stop)
            conversation.add(answer)
            parent = answer.id
        }
        let session = ChatSession(
            registry: Self.registry(server, window: 8192), provider: "p", model: "small", transcriptPath: nil, conversation: conversation)
        let events = session.eventStream()
        #expect(await session.compactNow())
        await session.waitForReply()
        let summaries = server.requests.filter { $0.bodyText.contains(Self.summaryInstruction) }
        #expect(summaries.count > 1, "about 400 kB of history goes in pieces")
        for request in summaries {
            #expect(ContextMeter.estimate(text: request.bodyText) < 8192, "\(request.bodyText.utf8.count) bytes")
        }
        let compaction = try #require(await session.conversation.compaction(on: session.conversation.path()))
        #expect(compaction.summary == "short summary")

        // The same history, and a model that answers the summary with 200 kB: refused, said, nothing kept.
        #expect(await session.undoCompaction())
        flooding.store(true, ordering: .relaxed)
        await session.send("and now?")
        await session.waitForReply()
        await session.close()
        var failures: [String] = []
        for await event in events { if case .compactionFailed(let reason) = event { failures.append(reason) } }
        #expect(failures.contains { $0.contains("too large to stand in for the conversation") }, "\(failures)")
        #expect(await session.conversation.compactions.isEmpty, "the first was undone, the oversized one never kept")
    }

    @Test func compactNowAndUndoAreOneRecordEach() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let store = SessionStore(directory: NSTemporaryDirectory() + "natter-compact-\(UUID().uuidString)/sessions")
        let session = ChatSession(
            id: "s", registry: Self.registry(server, window: 100_000), provider: "p", model: "small", transcriptPath: store.path(for: "s"))
        #expect(await session.compactNow(), "it runs, and says there is nothing to summarize")
        await session.waitForReply()
        // Long enough that the summary is smaller than what it replaces (a larger one is refused).
        let one = String(repeating: "one ", count: 40)
        for text in [one, "two"] {
            await session.send(text)
            await session.waitForReply()
        }
        #expect(await session.compactNow())
        await session.waitForReply()
        // A window of 100,000 keeps the last exchange word for word: the first is summarized.
        let compaction = try #require(await session.conversation.compaction(on: session.conversation.path()))
        #expect(compaction.messageCount == 2)
        await session.send("three")
        await session.waitForReply()
        let sent = try Self.sentTexts(server.requests.last!)
        #expect(sent == ["\(compaction.requestText)\n\ntwo", "reply 1", "three"], "\(sent)")
        #expect(await session.undoCompaction())
        #expect(await !session.undoCompaction(), "nothing left to undo")
        await session.close()
        let lines = try String(contentsOfFile: store.path(for: "s"), encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(#""type":"compaction""#) }.count == 1)
        #expect(lines.last?.contains(#""type":"uncompact""#) == true && lines.last?.contains(compaction.id) == true)
    }
}
