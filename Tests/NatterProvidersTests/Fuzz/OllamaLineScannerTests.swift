import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// The scanner that reads Ollama's lines without Codable must only ever be a faster way to the line
/// `JSONDecoder` gives: whenever it answers, `JSONDecoder` accepts the same text and decodes the same line.
@Suite struct OllamaLineScannerTests {
    typealias Line = OllamaWireFormat.Line

    static func decoded(_ text: String) -> Line? {
        ScannerAgreement.decoded(text, as: Line.self)
    }

    static let plainLines = [
        #"{"model":"llama3.2","created_at":"2025-01-01T00:00:00.1Z","message":{"role":"assistant","content":" Hi"},"done":false}"#,
        #"{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"hm \"so\"\n\u00e9"},"done":false}"#,
        #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#,
        #"{"error":"model 'nope' not found"}"#,
        #"{"message":null,"done":null,"eval_count":null}"#,
    ]

    @Test func plainLinesAreScannedToWhatJSONDecoderGives() throws {
        for text in Self.plainLines {
            let scanned = try #require(Line.scanned(text), "not scanned: \(text)")
            #expect(scanned == Self.decoded(text), "\(text)")
        }
        #expect(Line.scanned(Self.plainLines[2])?.eval_count?.value == 282)
    }

    @Test func everythingElseIsLeftToJSONDecoder() {
        let others = [
            #"{"message":{"content":"a"},"eval_count":1.5}"#,
            #"{"message":{"content":"a"},"eval_count":1e2}"#,
            #"{"message":{"content":"a","content":"b"}}"#,
            #"{"done":false,"done":true}"#,
            #"{"done":"yes"}"#,
            #"{"message":"text"}"#,
            #"{"message":{"content":"a"}}{"#,
            #"[]"#,
        ]
        for text in others {
            #expect(Line.scanned(text) == nil, "scanned: \(text)")
        }
    }

    /// Lines damaged byte by byte and reshaped key by key: whenever the scanner answers, JSONDecoder agrees.
    @Test func scannerAgreesWithJSONDecoderOnDamagedLines() async {
        let recorded = RecordedStreams.ollama.split(separator: "\n").map(String.init)
        let seeds = Self.plainLines + recorded
        let failures = await ScannerAgreement.disagreements(seeds: seeds, scanned: Line.scanned)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
