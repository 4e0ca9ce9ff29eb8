import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// `JSONValue.parse` reads documents with `JSONScanner` where it can: whatever the scanner answers must be
/// exactly what `JSONDecoder` gives, on provider files as written and damaged every way.
@Suite struct JSONValueScannerTests {
    static func decoded(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test func everyProviderFileIsScannedToWhatJSONDecoderGives() throws {
        for seed in FuzzSeeds.providerFiles {
            let scanned = JSONValue.scanned(Data(seed))
            #expect(scanned != nil, "the scanner reads a plain file: \(String(decoding: seed.prefix(80), as: UTF8.self))")
            #expect(scanned == Self.decoded(seed))
        }
    }

    @Test func doubtfulDocumentsAreLeftToJSONDecoder() {
        for text in [#"{"a": 1, "a": 2}"#, #"{"a\u0062": 1}"#, "[1e400]", "[01]", "[1,]", #"{"a":1} x"#, "\u{FEFF}[]"] {
            #expect(JSONValue.scanned(Data(text.utf8)) == nil, "\(text)")
        }
        #expect(JSONValue.scanned(Data([0x5B, 0x22, 0xFF, 0x22, 0x5D])) == nil, "invalid UTF-8")
        #expect(JSONValue.scanned(Data(#"{"n": -0.5e2, "t": true, "z": null, "s": "é\n\u00e9"}"#.utf8))
            == .object(["n": .number(-50), "t": .bool(true), "z": .null, "s": .string("é\né")]))
    }

    @Test func scannerAgreesWithJSONDecoderOnDamagedDocuments() async {
        let seeds = FuzzSeeds.providerFiles
        let run = FuzzRun(defaultCount: 20_000)
        var poolGenerator = SplitMix64(seed: run.seed)
        let wellFormed = JSONMutator.pool(of: seeds, count: 300, using: &poolGenerator)  // made on a task thread: kept small
        let failures = await run.run { generator in
            var input = wellFormed.randomElement(using: &generator)!
            if generator.oneIn(2) { input = ByteMutator.mutate(input, others: seeds, using: &generator) }
            guard let scanned = JSONValue.scanned(Data(input)) else { return nil }
            return scanned == Self.decoded(input) ? nil : "scanned \(scanned), decoded \(String(describing: Self.decoded(input))): \(String(decoding: input, as: UTF8.self))"
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
