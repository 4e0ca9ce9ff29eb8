import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// A message too long to lay out at once is shown whole, in segments laid out as they come into view.
@Suite struct LongMessageTests {
    /// A one-line message of about `bytes` bytes with markers at its start, middle and end.
    static func longLine(bytes: Int) -> String {
        var words: [String] = ["START"]
        var size = 6
        var index = 0
        while size < bytes {
            let word = index == 40_000 ? "MIDDLE" : "word\(index % 97)"
            words.append(word)
            size += word.utf8.count + 1
            index += 1
        }
        return (words + ["END"]).joined(separator: " ")
    }

    @Test func segmentsCoverTheTextExactlyAndEndAtSpaces() {
        let text = Self.longLine(bytes: 1_000_000)
        let ranges = LongText.segments(text)
        #expect(ranges.count == (1_000_000 + LongText.segmentBytes - 1) / LongText.segmentBytes)
        #expect(ranges.map { String(text[$0]) }.joined() == text, "nothing lost, nothing twice")
        #expect(ranges.dropLast().allSatisfy { text[text.index(before: $0.upperBound)] == " " })
        #expect(ranges.allSatisfy { text.utf8[$0].count <= LongText.segmentBytes })
        #expect(LongText.segments("short").count == 1)
        // No space or newline: cut at a character boundary, never inside a UTF-8 sequence.
        let dense = String(repeating: "é", count: LongText.threshold)
        let pieces = LongText.segments(dense)
        #expect(pieces.count == 2 * LongText.threshold / LongText.segmentBytes && pieces.map { String(dense[$0]) }.joined() == dense)
        #expect(LongText.segments(String(repeating: "a", count: LongText.threshold)).count == 1, "up to the threshold: one piece")
    }

    @Test func everyPartOfAHugeMessageCanBeReadByScrolling() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        let text = Self.longLine(bytes: 1_000_000)
        app.play(question: text, answer: ["a short answer"])
        let message = app.state.conversation.path()[0]
        #expect(app.state.pane.entries.filter { $0.messageID == message.id }.count == LongText.segments(text).count)
        let (width, height) = (80, 24)
        var seen = Screen.render(app, width: width, height: height).lines.joined(separator: "\n")
        #expect(seen.contains("a short answer") && seen.contains("END"))

        _ = app.update(.key(.home))
        seen = Screen.render(app, width: width, height: height).lines.joined(separator: "\n")
        #expect(seen.contains("You") && seen.contains("shown as plain text") && seen.contains("START"))
        var all = seen
        for _ in 0..<20_000 {
            _ = app.update(.key(.pageDown))
            all += Screen.render(app, width: width, height: height).lines.joined(separator: "\n")
            if app.state.pane.scroll == .following { break }
        }
        #expect(all.contains("MIDDLE"), "the middle of the message is on screen at some point")
        #expect(app.state.pane.scroll == .following, "paging reached the end")
    }

    @Test func selectionAndCopyTreatTheLongMessageAsOne() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        let text = Self.longLine(bytes: 600_000)
        app.play(question: text, answer: ["ok"])
        _ = Screen.render(app, width: 80, height: 24)
        _ = app.update(.key(.altUp))
        _ = app.update(.key(.up))
        #expect(app.state.pane.entries.filter(\.isSelected).count == 1)
        #expect(app.update(.key(.character("y"))) == [.copyToClipboard(text, what: "the message")], "the whole message")
        _ = app.update(.key(.up))
        #expect(app.state.pane.entries.filter(\.isSelected).first?.segment?.isFirst == true, "no stop at its other pieces")
    }

    @Test func aLongReplyIsCutIntoSegmentsWhenItEnds() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        let text = Self.longLine(bytes: 700_000)
        app.play(question: "dump it", answer: [text], finish: .length)
        let pieces = app.state.pane.entries.filter { $0.kind == .assistant }
        #expect(pieces.count == LongText.segments(text).count && pieces.count > 1 && pieces.allSatisfy { !$0.isStreaming })
        let bottom = Screen.render(app, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(bottom.contains("stopped at the length limit"), "the ending is under the last piece")
    }
}
