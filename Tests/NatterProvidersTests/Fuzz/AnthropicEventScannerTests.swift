import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// The scanner that reads Anthropic's delta events without Codable must only ever be a faster way to the event
/// `JSONDecoder` gives: whenever it answers, `JSONDecoder` accepts the same text and decodes the same event.
@Suite struct AnthropicEventScannerTests {
    typealias Event = AnthropicStreamInterpreter.Event

    static func decoded(_ text: String) -> Event? {
        ScannerAgreement.decoded(text, as: Event.self)
    }

    static let plainEvents = [
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" Hello"}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hm\n\"quoted\" \u65e5\ud83d\ude80"}}"#,
        #"{"type":"content_block_delta","index":12,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"#,
        #"{"type":"ping"}"#,
        #"{"type": "content_block_stop", "index": 0}"#,
        #"{"type":"message_stop"}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":null}"#,
        #"{"type":"future_event","x":[1,-2.5e3,{"y":null}],"index":-3}"#,
    ]

    @Test func plainEventsAreScannedToWhatJSONDecoderGives() throws {
        for text in Self.plainEvents {
            let scanned = try #require(Event.scanned(text), "not scanned: \(text)")
            #expect(scanned == Self.decoded(text), "\(text)")
        }
        #expect(Event.scanned(Self.plainEvents[1])?.delta?.thinking == "hm\n\"quoted\" 日🚀")
    }

    @Test func everythingElseIsLeftToJSONDecoder() {
        let others = [
            #"{"type":"message_start","message":{"usage":{"input_tokens":3}}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}"#,
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            #"{"type":"content_block_delta","index":1.0,"delta":{"type":"text_delta","text":"a"}}"#,
            #"{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","text":"b"}}"#,
            #"{"type":"content_block_delta","type":"ping"}"#,
            #"{"index":0}"#,
            #"{"type":null}"#,
            #"{"type":"ping"} {"#,
        ]
        for text in others {
            #expect(Event.scanned(text) == nil, "scanned: \(text)")
        }
    }

    /// Events damaged byte by byte and reshaped key by key: whenever the scanner answers, JSONDecoder agrees.
    @Test func scannerAgreesWithJSONDecoderOnDamagedEvents() async {
        let recorded = RecordedStreams.anthropic.split(separator: "\n").compactMap { line in
            line.hasPrefix("data: ") ? String(line.dropFirst(6)) : nil
        }
        let seeds = Self.plainEvents + recorded
        let failures = await ScannerAgreement.disagreements(seeds: seeds, scanned: Event.scanned)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
