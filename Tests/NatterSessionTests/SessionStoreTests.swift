import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// A sessions folder made for one test, with transcripts written the way natter writes them.
struct ScratchSessions {
    let store: SessionStore

    init() throws {
        let directory = NSTemporaryDirectory() + "natter-store-\(UUID().uuidString)/sessions"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = SessionStore(directory: directory)
    }

    static func at(_ minute: Int) -> Date { Date(timeIntervalSince1970: 1_764_000_000 + Double(minute) * 60) }

    /// A session of alternating questions and answers, the first created at `minute`.
    @discardableResult
    func write(_ id: String, minute: Int, exchanges: [(String, String)], title: String? = nil) throws -> String {
        let writer = try TranscriptWriter(path: store.path(for: id))
        try writer.append(.session(SessionHeader(id: id, created: Self.at(minute))))
        for (offset, exchange) in exchanges.enumerated() {
            let time = Self.at(minute + offset)
            try writer.append(.message(Message.stored(role: .user, content: exchange.0, provider: "p", model: "m", timestamp: time)))
            try writer.append(
                .message(Message.stored(role: .assistant, content: exchange.1, provider: "p", model: "m", timestamp: time, finish: .stop)))
        }
        if let title { try writer.append(.title(title)) }
        return store.path(for: id)
    }

    func raw(_ id: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: store.path(for: id)))
    }
}

@Suite struct SessionStoreTests {
    @Test func listsNewestActivityFirstWithTitlesCountsAndModels() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("first question\nmore", "a")])
        try scratch.write("20261102-000000-bbbbbb", minute: 100, exchanges: [("q", "a"), ("q2", "a2")], title: "Named")
        try scratch.write("20261103-000000-cccccc", minute: 50, exchanges: [])

        let list = scratch.store.list()

        #expect(list.map(\.id) == ["20261102-000000-bbbbbb", "20261103-000000-cccccc", "20261101-000000-aaaaaa"])
        #expect(list.map(\.displayTitle) == ["Named", "(empty)", "first question"])
        #expect(list.map(\.messageCount) == [4, 0, 2])
        #expect(list[0].models == ["p · m"])
        #expect(list[0].lastActivity == ScratchSessions.at(101))
    }

    @Test func theIndexIsWrittenAndFollowsAppendsDeletesAndDamage() throws {
        let scratch = try ScratchSessions()
        let path = try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a")])
        #expect(scratch.store.list().first?.messageCount == 2)
        #expect(FileManager.default.fileExists(atPath: scratch.store.indexPath))
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.store.indexPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // Appended to since: only the new lines are read, and the summary moves on.
        try TranscriptWriter(path: path).append(.message(Message.stored(role: .user, content: "later", timestamp: ScratchSessions.at(9))))
        #expect(scratch.store.list().first?.messageCount == 3)
        #expect(scratch.store.list().first?.lastActivity == ScratchSessions.at(9))

        // A corrupt index is rebuilt from the transcripts.
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: scratch.store.indexPath))
        #expect(scratch.store.list().first?.messageCount == 3)

        // A deleted transcript leaves the list.
        try scratch.write("20261102-000000-bbbbbb", minute: 5, exchanges: [])
        #expect(scratch.store.list().count == 2)
        try FileManager.default.removeItem(atPath: path)
        #expect(scratch.store.list().map(\.id) == ["20261102-000000-bbbbbb"])
    }

    @Test func aLineBeingWrittenIsReadOnceItIsWhole() throws {
        let scratch = try ScratchSessions()
        let path = try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a")])
        let line = try TranscriptCoding.encode(.message(Message.stored(role: .user, content: "half", timestamp: ScratchSessions.at(3))))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: line.prefix(10))
        #expect(scratch.store.list().first?.messageCount == 2)
        #expect(scratch.store.list().first?.skippedLines == 0, "a torn last line is not garbage")
        try handle.write(contentsOf: line.dropFirst(10))
        try handle.close()
        #expect(scratch.store.list().first?.messageCount == 3)
    }

    @Test func idsResolveByPrefixAndNothingEscapesTheFolder() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [])
        try scratch.write("20261101-000000-abbbbb", minute: 1, exchanges: [])
        try scratch.write("20261102-000000-cccccc", minute: 2, exchanges: [])

        #expect(try scratch.store.resolve("20261102") == "20261102-000000-cccccc")
        #expect(try scratch.store.resolve("20261101-000000-aaaaaa.jsonl") == "20261101-000000-aaaaaa")
        #expect(throws: SessionLookupError.ambiguous("20261101-000000-a", ["20261101-000000-aaaaaa", "20261101-000000-abbbbb"])) {
            try scratch.store.resolve("20261101-000000-a")
        }
        #expect(throws: SessionLookupError.notFound("2030")) { try scratch.store.resolve("2030") }
        for hostile in ["../sessions/20261102-000000-cccccc", "/etc/passwd", "..", "a/b", ""] {
            #expect(throws: SessionLookupError.invalid(hostile)) { try scratch.store.resolve(hostile) }
        }
    }

    @Test func renameAppendsATitleAndDeleteRemovesTheFile() throws {
        let scratch = try ScratchSessions()
        let path = try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a")])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        try scratch.store.rename(id: "20261101-000000-aaaaaa", to: "Better name")

        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after.prefix(before.count) == before, "earlier lines are never rewritten")
        #expect(try scratch.store.read(id: "20261101-000000-aaaaaa").title == "Better name")
        #expect(scratch.store.list().first?.displayTitle == "Better name")

        try scratch.store.delete(id: "20261101-000000-aaaaaa")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(scratch.store.list().isEmpty)
    }

    @Test func foreignAndNewerFilesAreListedButNeverWritten() throws {
        let scratch = try ScratchSessions()
        try scratch.raw("notes", "# my notes\nhello\n")
        try scratch.raw("20261101-000000-future", #"{"type":"session","id":"20261101-000000-future","created":"2026-11-01T00:00:00Z","version":7}"# + "\n")
        let foreignBefore = try Data(contentsOf: URL(fileURLWithPath: scratch.store.path(for: "notes")))

        let list = scratch.store.list()

        #expect(list.last?.id == "notes")
        #expect(list.last?.isForeign == true)
        #expect(throws: SessionLookupError.self) { try scratch.store.rename(id: "notes", to: "x") }
        #expect(throws: SessionLookupError.self) { try scratch.store.checkWritable("20261101-000000-future") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.store.path(for: "notes"))) == foreignBefore)
        #expect(scratch.store.newest()?.id == "20261101-000000-future")
    }

    @Test func appendingAfterATornLineStartsANewLine() throws {
        let scratch = try ScratchSessions()
        let path = try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a")])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"type":"message","role":"us"#.utf8))
        try handle.close()

        try TranscriptWriter(path: path).append(.message(Message.stored(role: .user, content: "after the crash")))

        let transcript = try TranscriptReader.read(path: path)
        #expect(transcript.messages.map(\.text) == ["q", "a", "after the crash"])
        #expect(transcript.skippedLines.count == 1, "the torn line is skipped, not glued to the next record")
    }
}
