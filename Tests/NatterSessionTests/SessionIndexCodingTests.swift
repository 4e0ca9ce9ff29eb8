import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// index.json as natter writes and reads it by hand: every field of an entry comes back as it went, and each
/// field's name, written in the reader as a number, is the number of its name.
@Suite struct SessionIndexCodingTests {
    @Test func eachFieldNumberIsItsName() {
        typealias Field = SessionIndex.Field
        let fields: [(StaticString, UInt64)] = [
            ("id", Field.id), ("title", Field.title), ("first", Field.first), ("pinned", Field.pinned), ("archived", Field.archived),
            ("created", Field.created), ("last", Field.last), ("messages", Field.messages), ("models", Field.models),
            ("provider", Field.provider), ("model", Field.model), ("format", Field.format), ("skipped", Field.skipped),
            ("answered", Field.answered), ("failed", Field.failed), ("cost", Field.cost), ("input", Field.input), ("leaf", Field.leaf),
            ("lastRole", Field.lastRole), ("size", Field.size), ("modSec", Field.modSec), ("modNsec", Field.modNsec),
            ("scanned", Field.scanned),
        ]
        for (name, number) in fields { #expect(JSONScanner.Name.key(name) == number, "\(name)") }
    }

    @Test func anEntryWithEveryFieldComesBackWhole() throws {
        var summary = SessionSummary(id: "20261207-120000-every", lastActivity: Date(timeIntervalSince1970: 1_765_000_000.123))
        summary.title = "A \"title\"\nwith\\escapes é"
        summary.firstPrompt = "first prompt"
        summary.pinned = true
        summary.archived = true
        summary.created = Date(timeIntervalSince1970: 1_764_000_000.5)
        summary.messageCount = 42
        summary.models = ["local · a", "openai · gpt-4o"]
        summary.lastProvider = "openai"
        summary.lastModel = "gpt-4o"
        summary.version = 2
        summary.skippedLines = 3
        summary.answeredReplies = 20
        summary.failedReplies = 1
        summary.cost = 0.125
        summary.inputTokens = 9000
        summary.cacheReadTokens = 4000
        summary.activeLeaf = "m41"
        summary.lastRole = .assistant
        summary.needsFullCount = true
        var index = SessionIndex()
        index.entries[summary.id] = SessionIndex.Entry(summary: summary, size: 12345, modified: 1_765_000_000_123_456_789, scanned: 12000)
        let read = try #require(SessionIndex.decoded(index.encoded()))
        let entry = try #require(read.entries[summary.id])
        #expect(entry.summary == summary)
        #expect(entry.size == 12345 && entry.modified == 1_765_000_000_123_456_789 && entry.scanned == 12000)
    }
}
