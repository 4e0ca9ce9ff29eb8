import Foundation
import NatterProviders
import NatterTestSupport
import Synchronization
import Testing

@testable import NatterSession

/// A session keeps its events until the handler connects, then delivers them in order;
/// once disconnected, nothing more reaches the old handler.
@Suite struct SessionEventOutletTests {
    final class Collected: Sendable {
        let events = Mutex<[SessionEvent]>([])
        func append(_ event: SessionEvent) { events.withLock { $0.append(event) } }
        var all: [SessionEvent] { events.withLock { $0 } }
        var ended: Bool { all.contains { if case .replyEnded = $0 { return true } else { return false } } }
    }

    @Test func eventsWaitForTheHandlerThenArriveInOrder() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["one ", "two"])) }
        defer { Task { await server.stop() } }
        let session = ChatSession(
            registry: ChatSessionTests.registry([("p", server)]), provider: "p", model: "p-model", transcriptPath: nil)
        #expect(await session.send("hello"))
        await session.waitForReply()  // the whole reply happened before anyone listened

        let collected = Collected()
        session.deliverEvents(to: collected.append)
        let events = collected.all
        guard case .messageAdded(let message)? = events.first else {
            Issue.record("the first event is not the user's message: \(events)")
            return
        }
        #expect(message.text == "hello")
        let text = events.compactMap { if case .text(_, let piece) = $0 { return piece } else { return nil } }.joined()
        #expect(text == "one two")
        guard case .turnEnded? = events.last, case .replyEnded(let reply)? = events.dropLast().last else {
            Issue.record("the last event is not the reply's end: \(events)")
            return
        }
        #expect(reply.text == "one two")
        #expect(reply.parent == message.id)
        guard case .replyStarted(let id, let parent, _)? = events.dropFirst().first else {
            Issue.record("the reply did not start second: \(events)")
            return
        }
        #expect(id == reply.id && parent == message.id, "every event of the reply names it")
    }

    @Test func aDisconnectedHandlerHearsNothingMore() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["again"])) }
        defer { Task { await server.stop() } }
        let session = ChatSession(
            registry: ChatSessionTests.registry([("p", server)]), provider: "p", model: "p-model", transcriptPath: nil)
        let first = Collected()
        session.deliverEvents(to: first.append)
        #expect(await session.send("one"))
        // The reply's own end, not a wall-clock deadline: with the whole suite running on two cores a
        // 10-second deadline was once missed (CI), and the handler is called before the reply task ends.
        await session.waitForReply()
        #expect(first.ended)
        let heard = first.all.count

        session.deliverEvents(to: nil)
        #expect(await session.send("two"))
        await session.waitForReply()
        #expect(first.all.count == heard)
    }
}
