import Foundation
import Testing

@testable import NatterSession

/// The history search's corpus: a person's messages of every saved session, newest session first and each one's
/// messages last to first, each text once, replies and tool results never.
@Suite struct TypedHistoryTests {
    @Test func personsMessagesNewestFirstEachOnce() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-older1", minute: 0, exchanges: [("alpha question", "a reply about alpha"), ("shared", "r")])
        try scratch.write("20261101-000000-newer1", minute: 10, exchanges: [("beta question", "beta reply"), ("gamma question", "g"), ("shared", "r")])
        let ids = scratch.store.list().map(\.id)
        var batches: [[String]] = []
        TypedHistory.read(from: scratch.store, ids: ids, shouldStop: { false }) { batches.append($0) }
        #expect(batches.flatMap { $0 } == ["shared", "gamma question", "beta question", "alpha question"])
        #expect(batches.first?.count == 3, "the newest session's messages come at once")
    }

    @Test func itStopsWhenAsked() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-one111", minute: 0, exchanges: [("one", "r")])
        var called = false
        TypedHistory.read(from: scratch.store, ids: scratch.store.list().map(\.id), shouldStop: { true }) { _ in called = true }
        #expect(!called)
    }
}
