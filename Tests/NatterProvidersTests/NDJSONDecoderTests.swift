import Testing

@testable import NatterProviders

@Suite struct NDJSONDecoderTests {
    func decode(_ pieces: [[UInt8]]) -> [WireFrame] {
        var decoder = NDJSONDecoder()
        var frames: [WireFrame] = []
        for piece in pieces { frames += decoder.push(piece) }
        return frames + decoder.finish()
    }

    @Test func everySplitOfTheRecordedStreamGivesTheSameLines() {
        let bytes = Array(RecordedStreams.ollama.utf8)
        let whole = decode([bytes])
        #expect(whole.count == 4)
        for split in 0...bytes.count {
            #expect(decode([Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
        }
        #expect(decode(bytes.map { [$0] }) == whole)
    }

    @Test func aLastLineWithoutNewlineIsKept() {
        // RecordedStreams.ollama ends without a newline on purpose.
        #expect(decode([Array("{\"a\":1}\n{\"b\":2}".utf8)]) == [WireFrame(data: "{\"a\":1}"), WireFrame(data: "{\"b\":2}")])
    }

    @Test func crlfAndBlankLinesAreAccepted() {
        #expect(decode([Array("{\"a\":1}\r\n\r\n  \r\n{\"b\":2}\r\n".utf8)]) == [
            WireFrame(data: "{\"a\":1}"), WireFrame(data: "{\"b\":2}"),
        ])
    }

    @Test func utf8SplitInsideACharacter() {
        let bytes = Array("{\"t\":\"ü🚀\"}\n".utf8)
        for split in 0...bytes.count {
            #expect(decode([Array(bytes[..<split]), Array(bytes[split...])]) == [WireFrame(data: "{\"t\":\"ü🚀\"}")])
        }
    }
}
