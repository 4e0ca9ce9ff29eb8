import Foundation
import Testing

@testable import NatterProviders

/// The smallest inputs that broke something when the fuzz tests first ran, kept so it stays fixed.
@Suite struct FuzzRegressionTests {
    static let base = #""name":"x","engine":"openai","host":"h","models":[]"#

    func problem(_ json: String) -> String? {
        do {
            let definition = try ProviderFileParser(path: "/p.json").parse(Data(json.utf8))
            // These trapped on durations beyond Int64 milliseconds before the parser bounded them.
            _ = DeclarativeProvider(definition: definition).timeout
            _ = definition.retry.delay(beforeRetry: 3, retryAfter: nil, jitter: 1)
            return nil
        } catch {
            return error.description
        }
    }

    /// `Int64(1e19 * 1000)` in the stall timer trapped on a file that loaded without complaint.
    @Test func aHugeTimeoutIsRefusedNotATrap() {
        #expect(problem("{\(Self.base),\"timeout_seconds\":1e19}")
            == "/p.json: timeout_seconds: expected more than 0 and at most 86400 (a day), found 1e+19")
        #expect(problem("{\(Self.base),\"timeout_seconds\":86400}") == nil)
    }

    /// `Int64(ms)` trapped on `initial_delay_ms: 1e19`; a negative wait was accepted.
    @Test func retryDelaysOutOfRangeAreRefusedNotATrap() {
        #expect(problem("{\(Self.base),\"retry\":{\"initial_delay_ms\":1e19}}")
            == "/p.json: retry.initial_delay_ms: expected 0 to 3600000 (an hour), found 1e+19")
        #expect(problem("{\(Self.base),\"retry\":{\"max_delay_ms\":-5}}")
            == "/p.json: retry.max_delay_ms: expected 0 to 3600000 (an hour), found -5")
        #expect(problem("{\(Self.base),\"retry\":{\"initial_delay_ms\":3600000,\"max_delay_ms\":0}}") == nil)
    }

    /// An empty read between a CR and its LF made the LF a second line end: in SSE a blank line, which
    /// dispatched the event early (the fuzz input was `data: [DONE]\r`, ``, `\u{2}\r`, ``, `\n`).
    @Test func anEmptyReadBetweenCRAndLFIsStillOneLineEnd() {
        var decoder = SSEDecoder()
        var frames = decoder.push(Array("data: a\r".utf8))
        frames += decoder.push([UInt8]())
        frames += decoder.push(Array("\ndata: b\n\n".utf8))
        #expect(frames + decoder.finish() == [WireFrame(data: "a\nb")])
    }

    /// A byte order mark split over two reads was kept as text, so the first line's field name was not
    /// `data` and the first event was lost; whole, the same bytes gave the event.
    @Test func aByteOrderMarkSplitOverReadsIsStillIgnored() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        for split in 0...3 {
            var decoder = SSEDecoder()
            let frames = decoder.push(bytes[..<split]) + decoder.push(bytes[split...]) + decoder.finish()
            #expect(frames == [WireFrame(data: "x")], "split at \(split)")
        }
        var halfMark = SSEDecoder()
        #expect(halfMark.push([0xEF, 0xBB]).isEmpty)
        #expect(halfMark.finish().isEmpty, "half a mark and nothing else is no event")
    }
}
