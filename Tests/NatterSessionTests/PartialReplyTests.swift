import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// `partial` records: the text of a streaming reply written about once a second, read back as an
/// interrupted reply only when the reply's own record never came (natter was killed).
@Suite struct PartialReplyTests {
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)
    static let origin = Origin(provider: "p", model: "m")
    static let asked = Message(id: "mq", parent: nil, role: .user, parts: [.text("q")], created: moment)
    static let question = TranscriptRecord.message(asked)

    static func transcript(_ records: [TranscriptRecord]) throws -> Transcript {
        var data = Data()
        for record in records { data += try TranscriptCoding.encode(record) }
        return TranscriptReader.parse(data)
    }

    static let partials: [TranscriptRecord] = [
        .partial(ReplyProgress(id: "mr", parent: "mq", text: "half ", reasoning: "hm", origin: origin, timestamp: moment)),
        .partial(ReplyProgress(id: "mr", parent: "mq", text: "of it", origin: origin, timestamp: moment)),
    ]

    @Test func partialsWithoutTheirReplyBecomeAnInterruptedReplyWithTheirText() throws {
        let transcript = try Self.transcript([Self.question] + Self.partials)
        let messages = transcript.messages
        #expect(messages.count == 2)
        #expect(messages.last?.text == "half of it")
        #expect(messages.last?.reasoning == "hm")
        #expect(messages.last?.finish == .interrupted)
        #expect(messages.last?.origin?.model == "m")
        #expect(messages.last?.id == "mr" && messages.last?.parent == "mq")
        #expect(transcript.activeBranch.map(\.id) == ["mq", "mr"])
    }

    @Test func theRepliesOwnRecordSupersedesItsPartials() throws {
        let reply = TranscriptRecord.message(Message(id: "mr", parent: "mq", role: .assistant, parts: [.text("half of it, whole")], finish: .stop))
        let messages = try Self.transcript([Self.question] + Self.partials + [reply]).messages
        #expect(messages.map(\.text) == ["q", "half of it, whole"])
    }

    @Test func aQuestionAfterLostPartialsComesAfterTheInterruptedReply() throws {
        let next = TranscriptRecord.message(Message(id: "mn", parent: "mr", role: .user, parts: [.text("again")], created: Self.moment))
        let transcript = try Self.transcript([Self.question] + Self.partials + [next])
        #expect(transcript.messages.map(\.text) == ["q", "half of it", "again"])
        #expect(transcript.activeBranch.map(\.role) == [.user, .assistant, .user])
    }

    /// Format 1 wrote partials without ids: the reply's record still supersedes them, and lost ones still
    /// become the interrupted reply the next question follows.
    @Test func partialsOfFormatOneFoldTheSameWay() {
        let lines = """
            {"type":"session","id":"s","version":1}
            {"type":"message","role":"user","content":"q"}
            {"type":"partial","content":"half "}
            {"type":"partial","content":"of it"}
            {"type":"message","role":"user","content":"again"}
            {"type":"message","role":"assistant","content":"fine","finish":"stop"}
            """
        let transcript = TranscriptReader.parse(Data(lines.utf8))
        #expect(transcript.activeBranch.map(\.text) == ["q", "half of it", "again", "fine"])
        #expect(transcript.activeBranch.map(\.id) == ["l2", "l3", "l5", "l6"])
    }
}
