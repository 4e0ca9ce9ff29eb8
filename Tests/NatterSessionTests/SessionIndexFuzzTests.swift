import Foundation
import NatterTestSupport
import Testing

@testable import NatterSession

/// index.json is a file on disk: any of its numbers may be anything. Each number of a real index is
/// replaced by an extreme value (Int.max, a huge negative, 1e300, a fraction) and the sessions are listed
/// again: never a trap, and every listed count is one a transcript could give.
@Suite struct SessionIndexFuzzTests {
    static let extremes = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775806", "1e300", "-1e300", "0.5", "-1", "0",
        "4294967296", "1099511627777", "18446744073709551615",
    ]

    @Test func extremeNumbersInTheIndexNeverTrapAListing() async throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("q", "a"), ("q2", "a2")], title: "t")
        try scratch.write("20261101-000000-bbbbbb", minute: 5, exchanges: [("q", "a")])
        _ = scratch.store.list()
        let indexPath = scratch.store.directory + "/index.json"
        let original = try String(contentsOfFile: indexPath, encoding: .utf8)
        let number = try NSRegularExpression(pattern: #"(?<=[:\[,])-?[0-9][0-9.eE+-]*"#)
        let matches = number.matches(in: original, range: NSRange(original.startIndex..., in: original)).map(\.range)
        #expect(matches.count > 8, "the index has numbers to mutate: \(original)")
        let store = scratch.store
        let failures = await FuzzRun(defaultCount: 3000).run { generator in
            var text = original
            for match in matches.reversed() where generator.oneIn(3) {
                let range = Range(match, in: text)!
                text.replaceSubrange(range, with: Self.extremes[Int(generator.next() % UInt64(Self.extremes.count))])
            }
            try? text.write(toFile: indexPath, atomically: true, encoding: .utf8)
            let listed = store.list()
            guard listed.count == 2 else { return "\(listed.count) sessions listed from \(text)" }
            for summary in listed where summary.messageCount < 0 || summary.messageCount > 1 << 40 || summary.skippedLines < 0 {
                return "implausible \(summary) from \(text)"
            }
            return nil
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
