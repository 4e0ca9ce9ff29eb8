import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// What a conversation costs (SPEC 11): each reply priced from its usage and its model's `cost`, the sums
/// in the sessions list, and nothing at all where no price is known.
@Suite struct CostTests {
    /// A reply of `tokens` with the usage OpenAI reports at the end of a stream.
    static func pricedStream(_ tokens: [String], input: Int, output: Int) -> [String] {
        Array(ChatSessionTests.sse(tokens).dropLast()) + [
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":\(input),\"completion_tokens\":\(output)}}\n\n", "data: [DONE]\n\n",
        ]
    }

    @Test func pricesAreDollarsPerMillionTokens() throws {
        let price = try #require(ModelCost(input: 3, output: 15))
        #expect(price.dollars(for: Usage(inputTokens: 1_000_000, outputTokens: 0)) == 3)
        let both: Double = (200 * 3 + 50 * 15) / 1_000_000
        let outputOnly: Double = 150 / 1_000_000
        #expect(price.dollars(for: Usage(inputTokens: 200, outputTokens: 50)) == both)
        #expect(price.dollars(for: Usage(inputTokens: nil, outputTokens: 10)) == outputOnly, "a side not counted costs nothing")
        #expect(price.dollars(for: Usage()) == nil, "no counts: no cost, not $0")
        #expect(ModelCost(input: -1, output: 1) == nil)
        #expect(ModelCost(input: .infinity, output: 1) == nil)
        #expect(ModelCost(input: 1, output: 1e9) == nil)
    }

    @Test func amountsUnderACentShowTwoSignificantDigits() {
        #expect(DollarAmount.text(0.00095) == "$0.00095")
        #expect(DollarAmount.text(0.000954) == "$0.00095")
        #expect(DollarAmount.text(0.005) == "$0.005")
        #expect(DollarAmount.text(0.0000123) == "$0.000012")
        #expect(DollarAmount.text(0.0099996) == "$0.01")
        #expect(DollarAmount.text(0.01) == "$0.01")
        #expect(DollarAmount.text(0.125) == "$0.13")
        #expect(DollarAmount.text(3.4) == "$3.40")
        #expect(DollarAmount.text(1234.5) == "$1,234.50")
        #expect(DollarAmount.text(0) == "$0")
        #expect(DollarAmount.text(1e-12) == "<$0.000000001")
        #expect(DollarAmount.text(.nan) == "" && DollarAmount.text(-1) == "")
    }

    @Test func eachReplyIsPricedFromItsUsageAndTheSessionSumsThem() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.pricedStream(["ok"], input: 1200, output: 300)) }
        defer { Task { await server.stop() } }
        let folder = NSTemporaryDirectory() + "natter-cost-\(UUID().uuidString)/sessions"
        let store = SessionStore(directory: folder)
        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(
                name: "p", engine: .openai, host: server.url,
                models: [ModelInfo(name: "priced", cost: ModelCost(input: 2.5, output: 10)), ModelInfo(name: "unpriced")],
                retry: RetryPolicy(maxRetries: 0)),
            origin: .builtin)
        let session = ChatSession(id: "s", registry: registry, provider: "p", model: "priced", transcriptPath: store.path(for: "s"))
        await session.send("one")
        await session.waitForReply()
        await session.send("two")
        await session.waitForReply()
        await session.switchTo(provider: "p", model: "unpriced")
        await session.send("three")
        await session.waitForReply()
        await session.close()

        let replies = await session.conversation.path().filter { $0.role == .assistant }
        let each: Double = (1200 * 2.5 + 300 * 10) / 1_000_000
        #expect(replies.map { $0.usage?.cost } == [each, each, nil])
        // Written with the reply and read back, by the reader and the sessions list.
        let transcript = try TranscriptReader.read(path: store.path(for: "s"))
        #expect(transcript.conversation.path().compactMap { $0.usage?.cost } == [each, each])
        let listed = try #require(store.list().first { $0.id == "s" })
        #expect(abs((listed.cost ?? 0) - 2 * each) < 1e-12)
        #expect(DollarAmount.text(listed.cost ?? 0) == "$0.01", "cents from a cent up")
    }

    @Test func aSessionWithoutPricesHasNoCost() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(Self.pricedStream(["ok"], input: 10, output: 5)) }
        defer { Task { await server.stop() } }
        let store = SessionStore(directory: NSTemporaryDirectory() + "natter-cost-\(UUID().uuidString)/sessions")
        let session = ChatSession(
            id: "s", registry: ChatSessionTests.registry([("one", server)]), provider: "one", model: "one-model",
            transcriptPath: store.path(for: "s"))
        await session.send("hi")
        await session.waitForReply()
        await session.close()
        #expect(await session.conversation.path().last?.usage == Usage(inputTokens: 10, outputTokens: 5))
        #expect(store.list().first?.cost == nil)
    }

    @Test func aCostInAFileIsCheckedAsItIsRead() throws {
        let line = #"{"type":"message","id":"a","role":"assistant","parts":[{"type":"text","text":"x"}],"usage":{"input_tokens":1,"cost":"#
        for (written, expected) in [("0.5", 0.5), ("-3", nil), ("1e400", nil), ("\"free\"", nil), ("null", nil)] as [(String, Double?)] {
            guard case .message(let message)? = try TranscriptCoding.decode(Data((line + written + "}}").utf8)) else {
                Issue.record("\(written): not read as a message")
                continue
            }
            #expect(message.usage?.cost == expected, "\(written)")
            #expect(message.usage?.inputTokens == 1, "the rest of the usage is kept")
        }
    }
}
