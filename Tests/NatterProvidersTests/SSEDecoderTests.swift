import Testing

@testable import NatterProviders

@Suite struct SSEDecoderTests {
    /// Feeds the bytes in the given pieces and returns every frame.
    func decode(_ pieces: [[UInt8]]) -> [WireFrame] {
        var decoder = SSEDecoder()
        var frames: [WireFrame] = []
        for piece in pieces { frames += decoder.push(piece) }
        return frames + decoder.finish()
    }

    @Test func everySplitOfTheRecordedStreamsGivesTheSameFrames() {
        for stream in [RecordedStreams.openAI, RecordedStreams.anthropic] {
            let bytes = Array(stream.utf8)
            let whole = decode([bytes])
            #expect(whole.count >= 7)
            for split in 0...bytes.count {
                #expect(decode([Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
            }
            // and one byte at a time, which splits every UTF-8 sequence and every CRLF
            #expect(decode(bytes.map { [$0] }) == whole)
        }
    }

    @Test func splitsAtTwoPointsInsideMultiByteCharacters() {
        let bytes = Array("data: 日本語 🌍 👩‍👩‍👧\n\n".utf8)
        let expected = [WireFrame(data: "日本語 🌍 👩‍👩‍👧")]
        for first in 0..<bytes.count {
            for second in first..<bytes.count {
                let pieces = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                #expect(decode(pieces) == expected)
            }
        }
    }

    @Test func lineEndingsCRLFLoneCRAndLFAreAllAccepted() {
        let expected = [WireFrame(event: "a", data: "1"), WireFrame(data: "2")]
        #expect(decode([Array("event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n".utf8)]) == expected)
        #expect(decode([Array("event: a\rdata: 1\r\rdata: 2\r\r".utf8)]) == expected)
        #expect(decode([Array("event: a\ndata: 1\n\ndata: 2\n\n".utf8)]) == expected)
        // a CR at the end of one read and its LF at the start of the next is still one line end
        #expect(decode([Array("event: a\r".utf8), Array("\ndata: 1\r".utf8), Array("\n\r\ndata: 2\n\n".utf8)]) == expected)
    }

    @Test func commentsAreSkippedAndDoNotCountAsActivity() {
        var decoder = SSEDecoder()
        #expect(decoder.push(Array(": keep-alive\n\n: ping\n\n".utf8)).isEmpty)
        #expect(decoder.takeActivity() == false)
        #expect(decoder.push(Array("data: x\n\n".utf8)) == [WireFrame(data: "x")])
        #expect(decoder.takeActivity() == true)
        #expect(decoder.takeActivity() == false)
    }

    @Test func multiLineDataFieldsWithoutSpaceAndUnknownFields() {
        let text = "id: 7\nretry: 100\ndata:first\ndata: second\ndata\nfoo: bar\n\n"
        #expect(decode([Array(text.utf8)]) == [WireFrame(data: "first\nsecond\n")])
    }

    @Test func eventTypeAppliesToOneEventOnly() {
        let text = "event: delta\ndata: 1\n\ndata: 2\n\n"
        #expect(decode([Array(text.utf8)]) == [WireFrame(event: "delta", data: "1"), WireFrame(data: "2")])
    }

    @Test func aFinalEventWithoutNewlineIsStillDelivered() {
        #expect(decode([Array("data: 1\n\ndata: [DONE]".utf8)]) == [WireFrame(data: "1"), WireFrame(data: "[DONE]")])
        #expect(decode([Array("data: [DONE]\n".utf8)]) == [WireFrame(data: "[DONE]")])
    }

    @Test func aLeadingByteOrderMarkIsIgnored() {
        #expect(decode([[0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)]) == [WireFrame(data: "x")])
    }

    @Test func invalidUTF8BecomesReplacementCharactersNotACrash() {
        let frames = decode([Array("data: a".utf8) + [0xFF, 0xC3] + Array("b\n\n".utf8)])
        #expect(frames.count == 1)
        #expect(frames[0].data.hasPrefix("a"))
        #expect(frames[0].data.hasSuffix("b"))
    }

    @Test func eventsWithoutDataAreNotDispatched() {
        #expect(decode([Array("event: ping\n\n\n\n".utf8)]).isEmpty)
    }
}
