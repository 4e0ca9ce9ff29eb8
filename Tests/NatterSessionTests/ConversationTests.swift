import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// The tree on its own: paths, forks, siblings and the active leaf after each operation.
@Suite struct ConversationTests {
    static func message(_ id: String, _ parent: String?, _ role: Role = .user) -> Message {
        Message(id: id, parent: parent, role: role, parts: [.text(id)])
    }

    /// q1 → a1 → q2 → a2, built as a session builds it.
    static func linear() -> Conversation {
        var conversation = Conversation()
        conversation.add(Self.message("q1", nil))
        conversation.add(Self.message("a1", "q1", .assistant))
        conversation.add(Self.message("q2", "a1"))
        conversation.add(Self.message("a2", "q2", .assistant))
        return conversation
    }

    @Test func addingFollowsTheLeafAndThePathRunsFromTheRoot() {
        let conversation = Self.linear()
        #expect(conversation.activeLeaf == "a2")
        #expect(conversation.path().map(\.id) == ["q1", "a1", "q2", "a2"])
        #expect(conversation.path(to: "a1").map(\.id) == ["q1", "a1"])
        #expect(conversation.siblings(of: "q2").map(\.id) == ["q2"])
        #expect(conversation.siblingPosition(of: "q2") == (1, 1))
        #expect(Conversation().path().isEmpty && Conversation().activeLeaf == nil)
    }

    @Test func forkingAtAMessageMakesRoomForItsSiblingAndKeepsTheOldBranch() {
        var conversation = Self.linear()
        #expect(conversation.fork(at: "q2") == "a1")
        #expect(conversation.activeLeaf == "a1", "the next message goes beside q2")
        conversation.add(Self.message("q2b", "a1"))
        #expect(conversation.activeLeaf == "q2b")
        #expect(conversation.path().map(\.id) == ["q1", "a1", "q2b"])
        #expect(conversation.siblings(of: "q2").map(\.id) == ["q2", "q2b"])
        #expect(conversation.siblingPosition(of: "q2b") == (2, 2))
        #expect(conversation.count == 5, "nothing is removed")
        #expect(conversation.path(to: "a2").map(\.id) == ["q1", "a1", "q2", "a2"])

        // Forking the first message: its sibling is a second root.
        #expect(conversation.fork(at: "q1") == nil)
        #expect(conversation.activeLeaf == nil)
        conversation.add(Self.message("q1b", nil))
        #expect(conversation.siblings(of: "q1").map(\.id) == ["q1", "q1b"])
        #expect(conversation.path().map(\.id) == ["q1b"])
    }

    @Test func activatingAMessageShowsTheNewestBranchThroughIt() {
        var conversation = Self.linear()
        conversation.fork(at: "q2")
        conversation.add(Self.message("q2b", "a1"))
        conversation.add(Self.message("a2b", "q2b", .assistant))

        conversation.activate("q2")
        #expect(conversation.activeLeaf == "a2")
        conversation.activate("a1")
        #expect(conversation.activeLeaf == "a2b", "the newest child at each step")
        conversation.activate("nope")
        #expect(conversation.activeLeaf == "a2b", "an unknown id changes nothing")
        #expect(conversation.sibling(of: "q2b", offset: 1) == "q2")
        #expect(conversation.sibling(of: "q2", offset: -1) == "q2b", "wraps")
        #expect(conversation.sibling(of: "q1", offset: 1) == nil, "no siblings")
        conversation.setActiveLeaf("q1")
        #expect(conversation.path().map(\.id) == ["q1"])
        #expect(conversation.leafCount == 2)
    }

    @Test func aMessageWithAnUnknownParentBecomesARootAndAReaddedIdReplacesInPlace() {
        var conversation = Self.linear()
        conversation.add(Self.message("stray", "missing"))
        #expect(conversation["stray"]?.parent == nil)
        #expect(conversation.path().map(\.id) == ["stray"])
        conversation.add(Message(id: "a1", parent: "q1", role: .assistant, parts: [.text("edited in place")]))
        #expect(conversation.children(of: "q1") == ["a1"])
        #expect(conversation["a1"]?.text == "edited in place")
    }

    @Test func rowsAreDepthFirstWithTheActivePathMarked() {
        var conversation = Self.linear()
        conversation.fork(at: "a1")
        conversation.add(Self.message("a1b", "q1", .assistant))
        let rows = conversation.rows()
        #expect(rows.map(\.message.id) == ["q1", "a1", "q2", "a2", "a1b"])
        #expect(rows.map(\.depth) == [0, 1, 2, 3, 1])
        #expect(rows.filter(\.isOnActivePath).map(\.message.id) == ["q1", "a1b"])
        #expect(rows.filter(\.isActiveLeaf).map(\.message.id) == ["a1b"])
    }

    @Test func aVeryDeepChainNeedsNoRecursion() {
        var conversation = Conversation()
        var parent: String?
        for index in 0..<100_000 {
            conversation.add(Message(id: "m\(index)", parent: parent, role: index % 2 == 0 ? .user : .assistant, parts: []))
            parent = "m\(index)"
        }
        #expect(conversation.path().count == 100_000)
        #expect(conversation.rows().count == 100_000)
        #expect(conversation.newestLeaf(under: "m0") == "m99999")
    }
}

/// A reply as a value: chunks in, actions out, the saved message at the end.
@Suite struct TurnTests {
    @Test func chunksBecomeEventsNamingTheReplyAndTheEndBecomesTheMessage() {
        var turn = Turn(id: "r1", parent: "q1", origin: Origin(provider: "p", model: "m"))
        #expect(turn.received(.text("Hel")) == [.keepProgress(text: "Hel", reasoning: ""), .emit(.text(id: "r1", "Hel"))])
        #expect(turn.received(.reasoning("hm")) == [.keepProgress(text: "", reasoning: "hm"), .emit(.reasoning(id: "r1", "hm"))])
        _ = turn.received(.toolCall(ToolCallDelta(index: 0, id: "call_a", name: "get_time", argumentsFragment: "{\"zone\":")))
        _ = turn.received(.toolCall(ToolCallDelta(index: 0, argumentsFragment: "\"UTC\"}")))
        _ = turn.received(.usage(Usage(inputTokens: 4)))
        _ = turn.received(.usage(Usage(outputTokens: 2)))
        #expect(turn.received(.finished(.toolCalls)) == [])

        let message = turn.ended(.streamEnded(cancelled: false))
        #expect(message.id == "r1" && message.parent == "q1" && message.role == .assistant)
        #expect(message.parts == [.reasoning("hm"), .text("Hel"), .toolCall(ToolCall(id: "call_a", name: "get_time", arguments: #"{"zone":"UTC"}"#))])
        #expect(message.finish == .toolCalls, "a tool_calls finish is kept, not read as stop")
        #expect(message.usage == Usage(inputTokens: 4, outputTokens: 2))
    }

    @Test func howTheStreamStoppedDecidesTheFinish() {
        let origin = Origin(provider: "p", model: "m")
        var turn = Turn(parent: "q", origin: origin)
        _ = turn.received(.text("part"))
        #expect(turn.ended(.streamEnded(cancelled: true)).finish == .cancelled)
        let unfinished = turn.ended(.streamEnded(cancelled: false))
        #expect(unfinished.finish == .interrupted && unfinished.error != nil, "no finish marker: not complete")
        #expect(unfinished.usage == nil, "no usage reported: none saved, rather than zeros")
        let failed = turn.ended(.failed(ProviderError(.rateLimit, "slow down")))
        #expect(failed.finish == .error && failed.text == "part")
        #expect(turn.ended(.failed(ProviderError(.interrupted, "dropped"))).finish == .interrupted)
        _ = turn.received(.finished(.length))
        #expect(turn.ended(.streamEnded(cancelled: false)).finish == .length)
    }
}
