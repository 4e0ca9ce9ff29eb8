import Testing

@testable import NatterUI

/// `NextPlace` answers as a fresh search to the line's end would, whatever order it is asked in; and inline
/// markdown of lines made of one marker thousands of times (once quadratic) gives what the markers say.
@Suite struct NextPlaceTests {
    @Test func itAnswersAsAFreshSearchWouldInAnyOrder() {
        var generator = SystemRandomNumberGenerator()
        let markers: [Character] = ["`", "]", ")", "*", "_", "a"]
        for _ in 0..<300 {
            let characters = (0..<Int.random(in: 0...40, using: &generator)).map { _ in markers.randomElement(using: &generator)! }
            var ahead = NextPlace()
            for _ in 0..<60 {
                let marker = markers.randomElement(using: &generator)!
                // Mostly forward, as the parse asks; sometimes back.
                let index = Int.random(in: -1...max(-1, characters.count), using: &generator)
                let fresh = index + 1 < characters.count ? characters[(index + 1)...].firstIndex(of: marker) : nil
                #expect(ahead.of(marker, after: index, in: characters) == fresh, "\(String(characters)) \(marker) after \(index)")
            }
        }
    }

    @Test func linesOfOneMarkerRepeatedStyleAsTheyShould() {
        let brackets = InlineMarkdown.spans(String(repeating: "[", count: 50_000), base: .plain)
        #expect(brackets.map(\.text).joined().count == 50_000)
        let ticks = InlineMarkdown.spans(String(repeating: "`a", count: 25_001), base: .plain)
        #expect(ticks.filter { $0.style.background == .codeBackground }.count == 12_500, "pairs of backticks are code")
        let stars = InlineMarkdown.spans(String(repeating: "*a", count: 25_000), base: .plain)
        #expect(stars.map(\.text).joined() == String(repeating: "a", count: 25_000), "paired stars are emphasis")
    }
}
