import NatterProviders
import Testing

/// A provider error may echo the key back; what natter shows of it never holds the key, whole or in part.
@Suite struct ProviderErrorRedactionTests {
    let key = "sk-secret-0123456789abcdef"

    /// A key with a non-ASCII character goes out as UTF-8; a server that reads header bytes as Latin-1 echoes
    /// `é` as `Ã©`, and a Bearer header's token is echoed alone. Each form is redacted.
    @Test func latinOneAndBareTokenFormsAreRedacted() {
        let secret = "sk-clé-0123456789"
        let latin1 = String(String.UnicodeScalarView(secret.utf8.map { Unicode.Scalar($0) }))
        #expect(latin1 == "sk-clÃ©-0123456789")
        let redact = Redactor(secrets: ["Bearer " + secret])
        #expect(redact("echo: Bearer \(latin1)") == "echo: Bearer [redacted]" || redact("echo: Bearer \(latin1)") == "echo: [redacted]")
        #expect(redact("token \(secret) seen") == "token [redacted] seen")
        #expect(redact("nothing here") == "nothing here")
    }

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
