import NatterTestSupport
import Testing

@testable import NatterProviders

/// The whole stream path of each engine (frame decoder, interpreter, the rules for how a stream may end)
/// on damaged recorded streams: never a trap, the same chunks and the same error however the bytes are
/// split, and never a complete reply without its finish marker.
@Suite struct StreamPathFuzzTests {
    struct Outcome: Equatable, CustomStringConvertible {
        var chunks: [StreamChunkSummary]
        var error: String?
        var description: String { "\(chunks) error: \(error ?? "none")" }
    }

    static func outcome(_ engine: Engine, _ pieces: [ArraySlice<UInt8>]) -> Outcome {
        var assembler = StreamAssembler(WireFormats.format(for: engine))
        var chunks: [StreamChunk] = []
        do throws(ProviderError) {
            for piece in pieces { try assembler.push(piece) { chunks.append($0) } }
            try assembler.finish { chunks.append($0) }
            return Outcome(chunks: coalesced(chunks.map(StreamChunkSummary.init)), error: nil)
        } catch {
            return Outcome(chunks: coalesced(chunks.map(StreamChunkSummary.init)), error: "\(error.kind): \(error.message)")
        }
    }

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func damagedStreamsGiveTheSameChunksWhateverTheSplit(engine: Engine) async {
        let streams = engine == .ollama ? FuzzSeeds.ndjsonStreams : FuzzSeeds.sseStreams
        let seeds = streams.map(\.bytes)
        let failures = await FuzzRun().run { generator in
            let seed = streams.randomElement(using: &generator)!.excerpt(using: &generator)
            let input = ByteMutator.mutate(seed, others: seeds, using: &generator)
            let whole = Self.outcome(engine, [input[...]])
            let pieces = ByteMutator.randomSplits(input, using: &generator)
            let split = Self.outcome(engine, pieces)
            if split != whole {
                return "pieces \(pieces.map { Array($0) }) gave \(split), whole gave \(whole)"
            }
            if whole.error == nil, !whole.chunks.contains(where: { if case .finished = $0 { true } else { false } }) {
                return "\(input) ended without error and without a finish: \(whole)"
            }
            return nil
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
