import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// The scanner that reads plain OpenAI deltas without Codable must only ever be a faster way to the chunk
/// `JSONDecoder` gives: whenever it answers, `JSONDecoder` accepts the same text and decodes the same chunk.
@Suite struct OpenAIChunkScannerTests {
    typealias Chunk = OpenAIWireFormat.Chunk

    static func decoded(_ text: String) -> Chunk? {
        ScannerAgreement.decoded(text, as: Chunk.self)
    }

    /// What a real server sends for most tokens, and the finish chunk.
    static let plainChunks = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1732000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1732000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Hello"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}"#,
        #"{"choices":[{"delta":{"reasoning_content":"think","content":null}}]}"#,
        #"{"choices":[{"delta":{"reasoning":"think"}}],"x":[1,-2.5e+3,0.0,true,false,null,{"y":"z"}]}"#,
        #"  {"choices":[]}  "#,
        #"{"choices":null}"#,
        #"{}"#,
        // Escapes of every kind, and a character outside the BMP written as a surrogate pair.
        #"{"choices":[{"delta":{"content":"a\"b\\c\/d\b\f\n\r\t\u00e9\u65e5\ud83d\ude80 ü🚀"}}]}"#,
    ]

    @Test func plainChunksAreScannedToWhatJSONDecoderGives() throws {
        for text in Self.plainChunks {
            let scanned = try #require(Chunk.scanned(text), "not scanned: \(text)")
            #expect(scanned == Self.decoded(text), "\(text)")
        }
        let escaped = try #require(Chunk.scanned(Self.plainChunks.last!))
        #expect(escaped.choices?.first?.delta?.content == "a\"b\\c/d\u{8}\u{C}\n\r\té日🚀 ü🚀")
    }

    /// The rarer chunks, and anything doubtful, are left to JSONDecoder (which decodes or rejects them).
    @Test func everythingElseIsLeftToJSONDecoder() {
        let others = [
            #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}}"#,
            #"{"error":{"message":"Rate limit","type":"requests","code":"rate_limit_exceeded"}}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{"}}]}}]}"#,
            #"{"choices":[{"message":{"content":"whole"}}]}"#,
            #"{"choices":[{"delta":{"content":"a","content":"b"}}]}"#,
            #"{"choices":[{"delta":{"content":"a"}}]} x"#,
            #"{"choices":[{"delta":{"content":5}}]}"#,
            #"{"choices":[{"delta":{"content":"\ud800"}}]}"#,
            #"{"choices":[{"delta":{"content":"a"}}],"n":01}"#,
            #"{"choices":[{"delta":{"content":"a"}}],"n":1.}"#,
            #"{"choices":[null]}"#,
            #"[{"choices":[]}]"#,
            #"{"choices":[{"delta":{"content":"a"}}],}"#,
            #"{"ch\u006fices":[]}"#,
            "{\"choices\":[{\"delta\":{\"content\":\"a\tb\"}}]}",
            "",
        ]
        for text in others {
            #expect(Chunk.scanned(text) == nil, "scanned: \(text)")
        }
    }

    /// Chunks damaged byte by byte and reshaped key by key: whenever the scanner answers, JSONDecoder agrees.
    @Test func scannerAgreesWithJSONDecoderOnDamagedChunks() async {
        let seeds = Self.plainChunks + Self.recordedChunks
        let failures = await ScannerAgreement.disagreements(seeds: seeds, scanned: Chunk.scanned)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }

    /// The `data:` payloads of the recorded OpenAI stream.
    static let recordedChunks: [String] = RecordedStreams.openAI.split(separator: "\n").compactMap { line in
        guard line.hasPrefix("data: "), line != "data: [DONE]" else { return nil }
        return String(line.dropFirst(6))
    }
}
