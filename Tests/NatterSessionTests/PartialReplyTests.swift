import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// `partial` records: the text of a streaming reply written about once a second, read back as an
/// interrupted reply only when the reply's own record never came (natter was killed).
@Suite struct PartialReplyTests {
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)
    static let question = TranscriptRecord.message(StoredMessage(role: .user, content: "q", timestamp: moment))

    static func transcript(_ records: [TranscriptRecord]) throws -> Transcript {
        var data = Data()
        for record in records { data += try TranscriptCoding.encode(record) }
        return TranscriptReader.parse(data)
    }

    static let partials: [TranscriptRecord] = [
        .partial(ReplyProgress(text: "half ", reasoning: "hm", provider: "p", model: "m", timestamp: moment)),
        .partial(ReplyProgress(text: "of it", provider: "p", model: "m", timestamp: moment)),
    ]

    @Test func partialsWithoutTheirReplyBecomeAnInterruptedReplyWithTheirText() throws {
        let messages = try Self.transcript([Self.question] + Self.partials).messages
        #expect(messages.count == 2)
        #expect(messages.last?.content == "half of it")
        #expect(messages.last?.reasoning == "hm")
        #expect(messages.last?.finish == .interrupted)
        #expect(messages.last?.model == "m")
    }

    @Test func theRepliesOwnRecordSupersedesItsPartials() throws {
        let reply = TranscriptRecord.message(StoredMessage(role: .assistant, content: "half of it, whole", finish: .stop))
        let messages = try Self.transcript([Self.question] + Self.partials + [reply]).messages
        #expect(messages.map(\.content) == ["q", "half of it, whole"])
    }

    @Test func aQuestionAfterLostPartialsComesAfterTheInterruptedReply() throws {
        let next = TranscriptRecord.message(StoredMessage(role: .user, content: "again", timestamp: Self.moment))
        let messages = try Self.transcript([Self.question] + Self.partials + [next]).messages
        #expect(messages.map(\.content) == ["q", "half of it", "again"])
        #expect(messages.map(\.role) == [.user, .assistant, .user])
    }
}
