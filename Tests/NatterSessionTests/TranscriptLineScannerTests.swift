import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Transcript lines are read by `JSONScanner` where it can vouch for them: what it reads must be exactly
/// what JSONDecoder reads, for lines as natter writes them (both formats) and damaged every way.
@Suite struct TranscriptLineScannerTests {
    static func scanned(_ bytes: [UInt8]) -> TranscriptRecord?? {
        bytes.withUnsafeBytes { raw in TranscriptCoding.Line.scanned(raw) }.map { _ in
            // The scanner's Line through the same mapping the decoder's goes through.
            (try? TranscriptCoding.decode(Data(bytes))) ?? nil
        }
    }

    static func decoded(_ bytes: [UInt8]) -> TranscriptRecord?? {
        try? TranscriptCoding.decodeWithJSONDecoder(Data(bytes))
    }

    static let formatOne = [
        #"{"type":"message","role":"user","content":"hi","provider":"p","model":"m","ts":"2026-12-01T18:20:28Z"}"#,
        #"{"created":"2026-12-01T18:20:32Z","type":"session","id":"x","version":1}"#,
        #"{"usage":{"output_tokens":4,"input_tokens":5},"type":"message","finish":"stop","role":"assistant","content":"ok","reasoning":"hm"}"#,
    ]

    @Test func linesAsNatterWritesThemAreScannedToWhatJSONDecoderReads() throws {
        var lines = Self.formatOne.map { Array($0.utf8) }
        for record in TranscriptTests.everyRecord { lines.append(Array(try TranscriptCoding.encode(record).dropLast())) }
        for line in lines {
            let scanned = line.withUnsafeBytes { TranscriptCoding.Line.scanned($0) }
            #expect(scanned != nil, "the scanner reads \(String(decoding: line, as: UTF8.self))")
            #expect(Self.scanned(line) == Self.decoded(line))
        }
    }

    @Test func doubtfulLinesAreLeftToJSONDecoder() {
        for text in [
            #"{"type":"title","title":"a","title":"b"}"#, #"{"type":"message","role":"robot"}"#,
            #"{"type":"message","ts":"2026-02-30T00:00:00Z"}"#, #"{"type":"message","ts":"2026-12-01T18:20:28.5Z"}"#,
            #"{"type":"message","parts":[{"type":"text","text":1}]}"#, #"{"type":"message","usage":{"input_tokens":1.5}}"#,
        ] {
            #expect(Array(text.utf8).withUnsafeBytes { TranscriptCoding.Line.scanned($0) } == nil, "\(text)")
        }
    }

    @Test func scannerAgreesWithJSONDecoderOnDamagedLines() async throws {
        let run = FuzzRun(defaultCount: 30_000)
        var poolGenerator = SplitMix64(seed: run.seed)
        let seeds = try (0..<100).map { _ in Array(try TranscriptCoding.encode(TranscriptReaderFuzzTests.record(using: &poolGenerator)).dropLast()) }
            + Self.formatOne.map { Array($0.utf8) } + TranscriptTests.everyRecord.map { Array(try TranscriptCoding.encode($0).dropLast()) }
        let wellFormed = JSONMutator.pool(of: seeds, count: 300, using: &poolGenerator)  // made on a task thread: kept small
        let failures = await run.run { generator in
            var input = wellFormed.randomElement(using: &generator)!
            if generator.oneIn(2) { input = ByteMutator.mutate(input, others: seeds, using: &generator) }
            guard input.withUnsafeBytes({ TranscriptCoding.Line.scanned($0) }) != nil else { return nil }
            let (scanned, decoded) = (Self.scanned(input), Self.decoded(input))
            return scanned == decoded ? nil : "scanned \(String(describing: scanned)), decoded \(String(describing: decoded)): \(String(decoding: input, as: UTF8.self))"
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
