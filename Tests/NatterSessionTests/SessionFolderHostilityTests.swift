import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// A sessions folder that something else has been at: links to files elsewhere, an index with numbers no
/// transcript could give, empty files, temporary files left by a killed natter.
@Suite struct SessionFolderHostilityTests {
    @Test func aSymbolicLinkIsNeitherListedNorReadNorAppendedTo() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("real", "one")])
        let outside = NSTemporaryDirectory() + "natter-outside-\(UUID().uuidString).jsonl"
        try ScratchSessions.transcriptText(id: "20261101-000000-bbbbbb").write(toFile: outside, atomically: true, encoding: .utf8)
        let link = scratch.store.path(for: "20261101-000000-bbbbbb")
        #expect(symlink(outside, link) == 0)

        #expect(scratch.store.list().map(\.id) == ["20261101-000000-aaaaaa"], "the link is not a session")
        #expect(throws: TranscriptError.self) { try scratch.store.read(id: "20261101-000000-bbbbbb") }
        let before = try String(contentsOfFile: outside, encoding: .utf8)
        #expect(throws: TranscriptError.self) { try TranscriptWriter(path: link).append(.title("through the link")) }
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == before, "nothing appended to the file it points to")
    }

    @Test func anIndexWithAbsurdNumbersIsReadAgainFromTheTranscripts() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a")])
        _ = scratch.store.list()  // writes index.json
        let indexPath = scratch.store.directory + "/index.json"
        var text = try String(contentsOfFile: indexPath, encoding: .utf8)
        text = text.replacingOccurrences(of: #""messages":2"#, with: #""messages":9223372036854775807"#)
        #expect(text.contains("9223372036854775807"))
        try text.write(toFile: indexPath, atomically: true, encoding: .utf8)

        let list = scratch.store.list()
        #expect(list.map(\.messageCount) == [2], "the implausible entry was dropped and the transcript read again")
    }

    @Test func anEmptyFileIsNotListed() throws {
        let scratch = try ScratchSessions()
        try scratch.raw("20261101-000000-aaaaaa", "")
        try scratch.write("20261101-000000-bbbbbb", minute: 0, exchanges: [("q", "a")])
        #expect(scratch.store.list().map(\.id) == ["20261101-000000-bbbbbb"])
    }

    @Test func aTemporaryIndexLeftByAKilledNatterIsRemovedAndALiveOneKept() throws {
        let scratch = try ScratchSessions()
        let dead = scratch.store.directory + "/index.json.2147483000.tmp"
        let alive = scratch.store.directory + "/index.json.\(getpid()).tmp"
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("{".utf8)))
        #expect(FileManager.default.createFile(atPath: alive, contents: Data("{".utf8)))
        _ = scratch.store.list()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive), "a natter still writing its index keeps its file")
    }
}

extension ScratchSessions {
    /// A small transcript as text.
    static func transcriptText(id: String) -> String {
        #"{"type":"session","id":"\#(id)","created":"2026-11-01T00:00:00Z","version":1}"# + "\n"
            + #"{"type":"message","role":"user","content":"outside","ts":"2026-11-01T00:00:00Z"}"# + "\n"
    }
}
