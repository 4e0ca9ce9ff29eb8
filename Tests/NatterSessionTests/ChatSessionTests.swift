import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

@Suite struct ChatSessionTests {
    static func sse(_ tokens: [String], done: Bool = true) -> [String] {
        tokens.map { token in
            "data: {\"choices\":[{\"delta\":{\"content\":\(String(decoding: try! JSONEncoder().encode(token), as: UTF8.self))}}]}\n\n"
        } + (done ? ["data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"] : [])
    }

    static func registry(_ servers: [(String, LoopbackServer)]) -> ProviderRegistry {
        var registry = ProviderRegistry()
        for (name, server) in servers {
            registry.register(
                ProviderDefinition(
                    name: name, engine: .openai, host: server.url, models: [ModelInfo(name: "\(name)-model")],
                    retry: RetryPolicy(maxRetries: 0)),
                origin: .builtin)
        }
        return registry
    }

    static func transcriptPath() -> String {
        NSTemporaryDirectory() + "natter-session-\(UUID().uuidString)/sessions/chat.jsonl"
    }

    /// Events until the reply ends.
    /// The events of one turn, up to its `turnEnded` (not included).
    static func reply(_ session: ChatSession, _ events: inout AsyncStream<SessionEvent>.Iterator) async -> [SessionEvent] {
        var seen: [SessionEvent] = []
        while let event = await events.next() {
            if case .turnEnded = event { break }
            seen.append(event)
        }
        return seen
    }

    @Test func theUsersMessageIsOnDiskBeforeTheRequestAndTheReplyAfter() async throws {
        let path = Self.transcriptPath()
        let onDiskAtRequest = LockedBox<[String]>([])
        let server = try await LoopbackServer.start { _, _ in
            let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            onDiskAtRequest.set(lines)
            return .stream(Self.sse(["Hi ", "there"]))
        }
        defer { Task { await server.stop() } }
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        #expect(await session.send("Hello"))
        let seen = await Self.reply(session, &events)

        #expect(onDiskAtRequest.value.count == 2, "session header and the user's message")
        #expect(onDiskAtRequest.value.last?.contains("\"text\":\"Hello\"") == true)
        guard case .replyEnded(let message) = seen.last else { Issue.record("no end"); return }
        #expect(message.text == "Hi there")
        #expect(message.finish == .stop)
        #expect(seen.contains(.text(id: message.id, "Hi ")))
        let transcript = try TranscriptReader.read(path: path)
        #expect(transcript.messages.map(\.text) == ["Hello", "Hi there"])
        #expect(transcript.messages.last?.origin?.provider == "one")
        #expect(transcript.messages.last?.parent == transcript.messages.first?.id, "the reply answers the question")
    }

    @Test func switchingKeepsTheHistoryAndIsRecorded() async throws {
        let first = try await LoopbackServer.start { _, _ in .stream(Self.sse(["from one"])) }
        let second = try await LoopbackServer.start { _, _ in .stream(Self.sse(["from two"])) }
        defer { Task { await first.stop(); await second.stop() } }
        let path = Self.transcriptPath()
        let session = ChatSession(
            registry: Self.registry([("one", first), ("two", second)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        await session.send("q1")
        _ = await Self.reply(session, &events)
        await session.switchTo(provider: "two", model: "two-model")
        await session.send("q2")
        _ = await Self.reply(session, &events)

        let body = try #require(try JSONSerialization.jsonObject(with: Data(second.requests[0].body)) as? [String: Any])
        #expect(body["model"] as? String == "two-model")
        #expect((body["messages"] as? [[String: String]])?.map { $0["content"] ?? "" } == ["q1", "from one", "q2"])
        let records = try TranscriptReader.read(path: path).records
        #expect(records.contains { if case .switchModel("two", "two-model", _) = $0 { return true } else { return false } })
        #expect(try TranscriptReader.read(path: path).messages.last?.origin?.provider == "two")
    }

    @Test func cancelKeepsThePartialReplyMarkedCancelled() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["partial"], done: false), then: .stall) }
        defer { Task { await server.stop() } }
        let path = Self.transcriptPath()
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        await session.send("q")
        var ended: Message?
        while let event = await events.next() {
            if case .text = event { await session.cancel() }
            if case .replyEnded(let message) = event {
                ended = message
                break
            }
        }

        #expect(ended?.text == "partial")
        #expect(ended?.finish == .cancelled)
        #expect(try TranscriptReader.read(path: path).messages.last?.finish == .cancelled)
    }

    @Test func anInterruptedReplyIsSavedAsInterruptedWithItsError() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["cut"], done: false)) }
        defer { Task { await server.stop() } }
        let path = Self.transcriptPath()
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        await session.send("q")
        _ = await Self.reply(session, &events)

        let saved = try #require(try TranscriptReader.read(path: path).messages.last)
        #expect(saved.text == "cut")
        #expect(saved.finish == .interrupted)
        #expect(saved.error?.hasPrefix("interrupted") == true)
    }

    @Test func anUnwritableFolderIsReportedOnceAndTheConversationGoesOn() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(["still here"])) }
        defer { Task { await server.stop() } }
        let blocker = NSTemporaryDirectory() + "natter-blocker-\(UUID().uuidString)"
        try Data("a file where the folder should be".utf8).write(to: URL(fileURLWithPath: blocker))
        let session = ChatSession(
            registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: blocker + "/sessions/x.jsonl")
        var events = session.eventStream().makeAsyncIterator()

        await session.send("q")
        let seen = await Self.reply(session, &events)

        #expect(seen.filter { if case .saveFailed = $0 { return true } else { return false } }.count == 1)
        guard case .replyEnded(let message) = seen.last else { Issue.record("no end"); return }
        #expect(message.text == "still here")
        #expect(await session.messages.count == 2)
    }

    static func sentContents(_ request: RecordedRequest) throws -> [String] {
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        return (body["messages"] as? [[String: Any]])?.map { $0["content"] as? String ?? "" } ?? []
    }

    @Test func askingAgainKeepsTheOldReplyAsASiblingAndSendsOnlyThePathToTheQuestion() async throws {
        let server = try await LoopbackServer.start { _, index in .stream(Self.sse(["answer \(index)"])) }
        defer { Task { await server.stop() } }
        let path = Self.transcriptPath()
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        await session.send("q")
        _ = await Self.reply(session, &events)
        #expect(await session.askAgain())
        _ = await Self.reply(session, &events)

        #expect(await session.messages.map(\.text) == ["q", "answer 1"])
        #expect(try Self.sentContents(server.requests[1]) == ["q"])
        let conversation = await session.conversation
        let replies = conversation.siblings(of: try #require(conversation.activeLeaf))
        #expect(replies.map(\.text) == ["answer 0", "answer 1"], "the old reply stays, as a sibling")
        let reread = try TranscriptReader.read(path: path)
        #expect(reread.activeBranch.map(\.text) == ["q", "answer 1"])
        #expect(reread.conversation.count == 3)
    }

    @Test func editingAnEarlierMessageForksAndTheServerGetsOnlyTheEditedPath() async throws {
        let server = try await LoopbackServer.start { _, index in .stream(Self.sse(["answer \(index)"])) }
        defer { Task { await server.stop() } }
        let path = Self.transcriptPath()
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: path)
        var events = session.eventStream().makeAsyncIterator()

        await session.send("first")
        _ = await Self.reply(session, &events)
        await session.send("second")
        _ = await Self.reply(session, &events)
        let first = try #require(await session.messages.first)
        #expect(await session.send("first, edited", replacing: first.id))
        _ = await Self.reply(session, &events)

        #expect(try Self.sentContents(server.requests[2]) == ["first, edited"])
        #expect(await session.messages.map(\.text) == ["first, edited", "answer 2"])
        let reread = try TranscriptReader.read(path: path)
        #expect(reread.activeBranch.map(\.text) == ["first, edited", "answer 2"])
        #expect(reread.conversation.siblings(of: first.id).map(\.text) == ["first", "first, edited"])

        // Back to the old branch: saved as an `active` record, and read back so.
        await session.activate(first.id)
        #expect(await session.messages.map(\.text) == ["first", "answer 0", "second", "answer 1"])
        #expect(try TranscriptReader.read(path: path).activeBranch.map(\.text) == ["first", "answer 0", "second", "answer 1"])
    }

    @Test func aReplyEditedByHandIsANewSiblingAndNoModelIsAsked() async throws {
        let server = try await LoopbackServer.start { _, index in .stream(Self.sse(["answer \(index)"])) }
        defer { Task { await server.stop() } }
        let session = ChatSession(registry: Self.registry([("one", server)]), provider: "one", model: "one-model", transcriptPath: Self.transcriptPath())
        var events = session.eventStream().makeAsyncIterator()
        await session.send("q")
        _ = await Self.reply(session, &events)
        let reply = try #require(await session.messages.last)

        #expect(await session.revise(reply.id, text: "a better answer"))

        guard case .messageAdded(let revised)? = await events.next() else { Issue.record("no event"); return }
        #expect(revised.text == "a better answer" && revised.parent == reply.parent && revised.origin == reply.origin)
        #expect(server.requests.count == 1)
        #expect(await session.conversation.siblings(of: reply.id).count == 2)
    }

    /// Providers refuse two user turns in a row: the questions around a failed (empty) reply go as one.
    @Test func requestHistoryDropsEmptyFailuresAndJoinsTheQuestionsAroundThem() {
        let a = Message.user("a")
        let failed = Message(parent: a.id, role: .assistant, parts: [.text("")], finish: .error)
        let b = Message.user("b", parent: failed.id)
        let answer = Message(parent: b.id, role: .assistant, parts: [.text("new")], finish: .stop)
        let history = ChatSession.requestHistory([a, failed, b, answer])
        #expect(history.map(\.role) == [.user, .assistant])
        #expect(history.map(\.text) == ["a\n\nb", "new"])
    }
}

/// A value a server handler sets and the test reads.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
}
