import NatterTestSupport
import Testing

@testable import NatterProviders

/// Damaged SSE and NDJSON streams, fed whole and in random pieces: the decoders never trap, and the
/// frames never depend on where the network happened to split the bytes.
@Suite struct FrameDecoderFuzzTests {
    static func frames(_ decoder: some FrameDecoder, _ pieces: [ArraySlice<UInt8>]) -> [WireFrame] {
        var decoder = decoder
        var frames: [WireFrame] = []
        for piece in pieces { frames += decoder.push(piece) }
        return frames + decoder.finish()
    }

    static func fuzz(_ streams: [FuzzSeeds.Stream], _ makeDecoder: @escaping @Sendable () -> some FrameDecoder) async -> [String] {
        let seeds = streams.map(\.bytes)
        return await FuzzRun().run { generator in
            let seed = streams.randomElement(using: &generator)!.excerpt(using: &generator)
            let input = ByteMutator.mutate(seed, others: seeds, using: &generator)
            let whole = frames(makeDecoder(), [input[...]])
            let pieces = ByteMutator.randomSplits(input, using: &generator)
            let split = frames(makeDecoder(), pieces)
            guard split == whole else {
                return "pieces \(pieces.map { Array($0) }) gave \(split), whole gave \(whole)"
            }
            return nil
        }
    }

    @Test func sseDecoderGivesTheSameFramesWhateverTheSplit() async {
        for failure in await Self.fuzz(FuzzSeeds.sseStreams, SSEDecoder.init) { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func ndjsonDecoderGivesTheSameFramesWhateverTheSplit() async {
        for failure in await Self.fuzz(FuzzSeeds.ndjsonStreams, NDJSONDecoder.init) { Issue.record(Comment(rawValue: failure)) }
    }
}
