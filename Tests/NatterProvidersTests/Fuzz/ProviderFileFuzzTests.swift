import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// Damaged provider files, in both the documented form and goose's: the loader returns a definition or a
/// ProviderFileError naming the file and the problem, never traps; and a definition it accepts can be used
/// (its timeout and retry waits computed) without trapping either.
@Suite struct ProviderFileFuzzTests {
    static let path = "/fuzz/providers/p.json"

    /// A broken property of what the parser returned, or nil.
    static func check(_ input: [UInt8]) -> String? {
        let definition: ProviderDefinition
        do {
            definition = try ProviderFileParser(path: path).parse(Data(input))
        } catch {
            guard error.path == path, !error.problem.isEmpty, error.description.hasPrefix(path + ": ") else {
                return "error without file or reason: \(error)"
            }
            return nil
        }
        guard !definition.name.isEmpty, !definition.host.isEmpty else { return "accepted an empty name or host" }
        guard definition.timeoutSeconds.isFinite, definition.timeoutSeconds > 0 else {
            return "accepted timeout_seconds \(definition.timeoutSeconds)"
        }
        // Both trap on a duration too long for their integer arithmetic.
        _ = DeclarativeProvider(definition: definition).timeout
        for retry in 1...max(1, min(definition.retry.maxRetries, 12)) {
            _ = definition.retry.delay(beforeRetry: retry, retryAfter: nil, jitter: 1)
        }
        return nil
    }

    @Test func damagedProviderFilesLoadOrFailWithAReason() async {
        let seeds = FuzzSeeds.providerFiles
        #expect(seeds.count >= 30, "goose's files, the built-ins and the documented example")
        let run = FuzzRun()
        var poolGenerator = SplitMix64(seed: run.seed)
        let wellFormed = JSONMutator.pool(of: seeds, count: 5000, using: &poolGenerator)
        let failures = await run.run { generator in
            // A third stay valid JSON with wrong types and sizes inside, a third are damaged bytes, a third both.
            let kind = Int.random(in: 0..<3, using: &generator)
            var input = (kind == 1 ? seeds : wellFormed).randomElement(using: &generator)!
            if kind != 0 { input = ByteMutator.mutate(input, others: seeds, using: &generator) }
            return Self.check(input).map { "\($0); input: \(String(decoding: input, as: UTF8.self))" }
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
