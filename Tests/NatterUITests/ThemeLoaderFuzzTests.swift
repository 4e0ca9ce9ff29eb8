import Foundation
import NatterTestSupport
import Testing

@testable import NatterUI

/// Damaged theme files: the loader returns a theme whose every colour the terminal can show, or a problem
/// naming the file; it never traps.
@Suite struct ThemeLoaderFuzzTests {
    static let path = "/fuzz/themes/t.json"

    static func check(_ input: [UInt8]) -> String? {
        let theme: Theme
        do {
            theme = try ThemeLoader.parse(Data(input), path: path)
        } catch {
            guard error.path == path, !error.problem.isEmpty else { return "problem without file or reason: \(error)" }
            return nil
        }
        for (role, color) in theme.colors {
            switch color {
            case .index(let index) where !(0...255).contains(index): return "\(role) has palette index \(index)"
            case .rgb(let red, let green, let blue):
                let nearest = Theme.nearestIndex(red, green, blue)
                if !(16...255).contains(nearest) { return "\(role): nearest index \(nearest)" }
            default: continue
            }
        }
        return nil
    }

    @Test func damagedThemesLoadOrFailWithAReason() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: ThemeTests.repositoryThemes.path).filter { $0.hasSuffix(".json") }
        let seeds = try names.sorted().map { Array(try Data(contentsOf: ThemeTests.repositoryThemes.appendingPathComponent($0))) }
        #expect(seeds.count >= 4)
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
