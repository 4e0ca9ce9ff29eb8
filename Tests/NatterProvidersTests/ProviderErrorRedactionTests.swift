import NatterProviders
import Testing

/// A provider error may echo the key back; what natter shows of it never holds the key, whole or in part.
@Suite struct ProviderErrorRedactionTests {
    let key = "sk-secret-0123456789abcdef"

    @Test func everyWholeOccurrenceIsReplaced() {
        let error = ProviderError(.authentication, "bad key \(key), header Bearer \(key)").redacting([key])
        #expect(error.message == "bad key [redacted], header Bearer [redacted]")
    }

    @Test func theStartOfAKeyCutOffByTheLengthLimitIsReplacedToo() {
        let padding = String(repeating: "x", count: 290)
        let error = ProviderError(.server, "\(padding) \(key) more words").redacting([key])
        #expect(error.message.hasSuffix(" [redacted]…"))
        #expect(!error.message.contains("sk-s"))
    }

    @Test func aCutMessageWithoutTheKeyIsLeftAlone() {
        let message = String(repeating: "y", count: 400)
        let error = ProviderError(.server, message).redacting([key])
        #expect(error.message == String(repeating: "y", count: 299) + "…")
    }
}
