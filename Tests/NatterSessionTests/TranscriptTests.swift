import Foundation
import NatterProviders
import Testing

@testable import NatterSession

@Suite struct TranscriptTests {
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)

    static let gpt = Origin(provider: "openai", model: "gpt")

    /// Every record type and every part type, as format 2 writes them.
    static let everyRecord: [TranscriptRecord] = [
        .session(SessionHeader(id: "20261125-000000-abcdef", created: moment)),
        .message(
            Message(
                id: "m1", parent: nil, role: .user,
                parts: [
                    .text("Hello \"world\"\nline 2 — ü 日本 🙂"),
                    .attachment(AttachmentRef(name: "plan.png", mediaType: "image/png", sha256: String(repeating: "ab", count: 32), bytes: 2048)),
                ],
                origin: gpt, created: moment)),
        .message(
            Message(
                id: "m2", parent: "m1", role: .assistant,
                parts: [.reasoning("think"), .text("Hi"), .toolCall(ToolCall(id: "call_1", name: "get_time", server: "time", arguments: #"{"zone":"UTC"}"#))],
                origin: gpt, usage: Usage(inputTokens: 3, outputTokens: 1), finish: .toolCalls, created: moment)),
        .message(
            Message(
                id: "m3", parent: "m2", role: .tool, parts: [.toolResult(ToolResult(callID: "call_1", content: "12:00", isError: false))],
                created: moment)),
        .switchModel(provider: "anthropic", model: "claude", at: moment),
        .message(
            Message(
                id: "m4", parent: "m3", role: .assistant, parts: [.text("par")], origin: Origin(provider: "anthropic", model: "claude"),
                finish: .interrupted, error: "interrupted: dropped", created: moment)),
        .message(
            Message(
                id: "m5", parent: "m3", role: .assistant, parts: [.toolCall(ToolCall(id: "c2", name: "x", arguments: "{}"))],
                finish: .toolCalls, created: moment)),
        .message(Message(id: "m6", parent: "m5", role: .tool, parts: [.toolResult(ToolResult(callID: "c2", content: "no such tool", isError: true))], created: moment)),
        .active("m4"),
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
        #expect(transcript.activeBranch.map(\.id) == ["m1", "m2", "m3", "m4"], "the `active` record chose the leaf")
        #expect(transcript.conversation.siblings(of: "m4").map(\.id) == ["m4", "m5"])
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
