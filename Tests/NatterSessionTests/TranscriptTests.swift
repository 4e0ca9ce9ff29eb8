import Foundation
import NatterProviders
import Testing

@testable import NatterSession

@Suite struct TranscriptTests {
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)

    static let everyRecord: [TranscriptRecord] = [
        .session(SessionHeader(id: "20261125-000000-abcdef", created: moment)),
        .message(StoredMessage(role: .user, content: "Hello \"world\"\nline 2 — ü 日本 🙂", provider: "openai", model: "gpt", timestamp: moment)),
        .message(StoredMessage(
            role: .assistant, content: "Hi", reasoning: "think", provider: "openai", model: "gpt", timestamp: moment,
            usage: Usage(inputTokens: 3, outputTokens: 1), finish: .stop)),
        .switchModel(provider: "anthropic", model: "claude", at: moment),
        .message(StoredMessage(role: .assistant, content: "par", provider: "anthropic", model: "claude", timestamp: moment, finish: .interrupted, error: "interrupted: dropped")),
        .title("A title"),
    ]

    func scratchFile() -> String {
        NSTemporaryDirectory() + "natter-transcript-\(UUID().uuidString)/sessions/s.jsonl"
    }

    @Test func everyRecordTypeRoundTripsThroughAFile() throws {
        let path = scratchFile()
        let writer = try TranscriptWriter(path: path)
        for record in Self.everyRecord { try writer.append(record) }

        let transcript = try TranscriptReader.read(path: path)

        #expect(transcript.records == Self.everyRecord)
        #expect(transcript.header?.id == "20261125-000000-abcdef")
        #expect(transcript.title == "A title")
        #expect(transcript.skippedLines.isEmpty)
        #expect(!transcript.tornLastLine)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == Self.everyRecord.count, "one JSON object per line")
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.contains("\"type\":") })
    }

    @Test func filesAreOwnerOnly() throws {
        let path = scratchFile()
        try TranscriptWriter(path: path).append(Self.everyRecord[0])
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
    }

    @Test func aTornLastLineIsIgnoredAndLosesNothingBeforeIt() throws {
        var data = Data()
        for record in Self.everyRecord.prefix(3) { data += try TranscriptCoding.encode(record) }
        let torn = try TranscriptCoding.encode(Self.everyRecord[3])
        // Every possible cut of the last record, as a crash mid-write would leave it.
        for cut in 1..<(torn.count - 1) {
            let transcript = TranscriptReader.parse(data + torn.prefix(cut))
            #expect(transcript.records == Array(Self.everyRecord.prefix(3)), "cut at \(cut)")
            #expect(transcript.tornLastLine)
            #expect(transcript.skippedLines.isEmpty)
        }
    }

    @Test func garbageAndUnknownTypesInTheMiddleAreSkippedAndCounted() throws {
        var data = try TranscriptCoding.encode(Self.everyRecord[0])
        data += Data("not json at all\n".utf8)
        data += Data(#"{"type":"reaction","emoji":"👍"}"#.utf8 + [0x0A])
        data += try TranscriptCoding.encode(Self.everyRecord[1])
        data += Data("\n\n".utf8)

        let transcript = TranscriptReader.parse(data)

        #expect(transcript.records == Array(Self.everyRecord.prefix(2)))
        #expect(transcript.skippedLines == [2, 3])
        #expect(!transcript.tornLastLine)
    }

    @Test func emptyAndForeignFilesGiveEmptyTranscripts() {
        #expect(TranscriptReader.parse(Data()).records.isEmpty)
        let foreign = TranscriptReader.parse(Data("# a markdown file\nhello\n".utf8))
        #expect(foreign.records.isEmpty)
        #expect(foreign.skippedLines == [1, 2])
    }

    @Test func sessionIDsSortByTimeAndRejectPaths() {
        let earlier = SessionID.make(at: Self.moment)
        let later = SessionID.make(at: Self.moment + 1)
        #expect(earlier < later)
        #expect(SessionID.isValid(earlier))
        #expect(!SessionID.isValid("../etc/passwd"))
        #expect(!SessionID.isValid("a/b"))
        #expect(!SessionID.isValid(""))
    }
}
