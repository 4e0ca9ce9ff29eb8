import Foundation

/// How many inputs a fuzz test tries and from which seed, overridable from the environment so that a
/// failure can be replayed alone (`NATTER_FUZZ_SEED`) or a longer hunt run by hand (`NATTER_FUZZ_COUNT`).
public struct FuzzRun: Sendable {
    /// Each fuzz test tries at least this many inputs unless told otherwise.
    public static let defaultCount = 100_000
    public static let defaultSeed: UInt64 = 0x6E61_7474_6572  // "natter"

    private static let oneAtATime = NSLock()

    public let count: Int
    public let seed: UInt64
    /// Replays one input alone: the "input seed" a failure message names.
    public let inputSeed: UInt64?

    /// - Parameter defaultCount: fewer inputs than the usual 100,000, for a test whose every input is costly.
    public init(defaultCount: Int = Self.defaultCount, environment: [String: String] = ProcessInfo.processInfo.environment) {
        count = environment["NATTER_FUZZ_COUNT"].flatMap(Int.init) ?? defaultCount
        seed = environment["NATTER_FUZZ_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        inputSeed = environment["NATTER_FUZZ_INPUT_SEED"].flatMap { UInt64($0) }
    }

    /// Calls `body` once per input with a generator seeded for that input alone, so that any one failure
    /// replays by itself (`NATTER_FUZZ_INPUT_SEED`), however many inputs came before it. `body` returns a
    /// description of a broken property, or nil; the first few are collected, with their seeds.
    public func run(_ body: @escaping @Sendable (_ generator: inout SplitMix64) -> String?) async -> [String] {
        // A thread of its own, at the lowest priority, one fuzz loop at a time: seconds of synchronous work
        // on Swift's few cooperative threads (two on a two-core machine), or several loops at once, starved
        // the timeouts and tmux tests running beside them.
        await withCheckedContinuation { continuation in
            let thread = Thread {
                #if os(Linux)
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // Linux: "0" is this thread alone
                #endif
                let failures = Self.oneAtATime.withLock { runHere(body) }
                continuation.resume(returning: failures)
            }
            thread.stackSize = 8 << 20  // room for deeply nested inputs
            thread.start()
        }
    }

    private func runHere(_ body: (_ generator: inout SplitMix64) -> String?) -> [String] {
        let current = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        current.initialize(to: inputSeed ?? 0)
        FuzzCrashNote.watch(current)
        defer {
            FuzzCrashNote.watch(nil)
            current.deallocate()
        }
        if let inputSeed {
            var generator = SplitMix64(seed: inputSeed)
            return body(&generator).map { ["NATTER_FUZZ_INPUT_SEED=\(inputSeed): \($0)"] } ?? []
        }
        var failures: [String] = []
        var seeds = SplitMix64(seed: seed)
        for index in 0..<count {
            let inputSeed = seeds.next()
            current.pointee = inputSeed
            var generator = SplitMix64(seed: inputSeed)
            if let failure = body(&generator) {
                failures.append("input \(index) of NATTER_FUZZ_SEED=\(seed), NATTER_FUZZ_INPUT_SEED=\(inputSeed): \(failure)")
                if failures.count >= 5 { break }
            }
        }
        return failures
    }
}
