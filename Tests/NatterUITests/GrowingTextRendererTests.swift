import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterUI

/// A streaming reply is styled line by line as it grows; at every point it must look exactly as the whole
/// text rendered at once would.
@Suite struct GrowingTextRendererTests {
    static let reply = """
        # Plan\tahead

        Some **bold** and *italic* text with `code`, long enough to wrap at least once at this width.
        - one item
        - two _items_
        ```swift
        let x = 1\r
        \u{1B}[31mred\u{1B}[0m
        ```
        > a quote
        1. last [link](https://example.com)

        | name | 日本語 | n |
        |:-----|:------:|--:|
        | **a** | 東京 | 1 |
        | long cell that must wrap at this width | x | 22 |
        ```python
        s = \"""multi
        line\""" # done
        ```

        Tail paragraph that keeps growing
        """

    @Test func everyPrefixRendersAsTheWholeTextWould() {
        let width = 30
        var growing = GrowingTextRenderer(.markdown, width: width)
        var prefix = ""
        for character in Self.reply {
            prefix.append(character)
            let expected = MarkdownRenderer.render(prefix, width: width)
            let actual = growing.render(prefix)
            #expect(actual == expected, "after \(prefix.count) characters")
            if actual != expected { return }
        }
    }

    @Test func aReplacedTextStartsOver() {
        var growing = GrowingTextRenderer(.markdown, width: 40)
        _ = growing.render("```\ncode line\nmore\n")
        #expect(growing.render("plain\nagain") == MarkdownRenderer.render("plain\nagain", width: 40))
        #expect(growing.render("x") == MarkdownRenderer.render("x", width: 40))
    }

    @Test func aStreamingReplyInTheLayoutMatchesTheFinishedOne() {
        let layout = TranscriptLayout()
        var entry = TranscriptEntry(id: 7, kind: .assistant, text: "", label: "p · m", isStreaming: true)
        for word in Self.reply.split(separator: " ", omittingEmptySubsequences: false) {
            entry.text += word + " "
            entry.revision += 1
            var finished = entry
            finished.isStreaming = false
            let streamed = layout.lines(for: entry, width: 24).map { $0.map(\.text).joined() }
            let whole = EntryLines.render(finished, width: 24).map { $0.map(\.text).joined() }
            // The streaming one differs only by its cursor.
            #expect(streamed.map { $0.replacingOccurrences(of: "▌", with: "") }.filter { !$0.isEmpty }
                == whole.filter { !$0.isEmpty })
        }
    }

    /// Pieces a reply is made of, markup that decides by looking ahead above all, and characters that join
    /// the one before them (an accent, a ZWJ) or measure two cells.
    static let pieces = [
        "alpha", "be", "x", "snake_case", "日本語", "e", "\u{301}", "🇯🇵", "👩‍👩‍👧", "\u{200D}", " ", " ", " ", "  ", "*", "**", "_",
        "__", "`", "[", "]", "(", ")", "](", "# ", "> ", "- ", "1. ", "\t", "\n", "```", "---", "\u{1B}[31m",
        "|", " | ", "\n|---|:-:|\n", "\n| a | b |\n", ":--", "--:", "```swift\n", "```c\n", "/*", "*/", "\"", "\"\"\"", "'", "//", "#",
        "0x1F", "1.5", "func", "let", "<div a=\"1\">", "<!--", "-->",
    ]

    /// Replies made of random pieces, streamed a piece at a time at random widths: at every step the
    /// growing rendering is exactly the whole text's, for markdown and for text shown as it is. (On a thread
    /// of FuzzRun's: seconds of rendering on Swift's two cooperative threads starved the timing tests.)
    @Test func randomRepliesRenderAsTheWholeTextWouldAtEveryStep() async {
        let failures = await FuzzRun(defaultCount: 200).run { generator in
            let plainStyle = Style(.reasoning, [.dim])
            let width = [1, 2, 8, 13, 24, 40].randomElement(using: &generator)!
            var markdown = GrowingTextRenderer(.markdown, width: width)
            var plain = GrowingTextRenderer(.plain(plainStyle), width: width)
            var text = ""
            for _ in 0..<Int.random(in: 10...120, using: &generator) {
                // Mostly prose, so that paragraphs grow long; a line break now and then.
                text += generator.oneIn(3) ? Self.pieces.randomElement(using: &generator)! : ["word", "the", "an", " "].randomElement(using: &generator)!
                guard markdown.render(text) == MarkdownRenderer.render(text, width: width) else {
                    return "markdown at width \(width) differs after \(text.debugDescription)"
                }
                let expectedPlain = TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false)
                    .flatMap { TextWrapper.wrap([Span(String($0), plainStyle)], width: width) }
                guard plain.render(text) == expectedPlain else {
                    return "plain text at width \(width) differs after \(text.debugDescription)"
                }
            }
            return nil
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }

    /// The layout keeps a streaming reply's lines from frame to frame and makes again only those from its first
    /// unsettled line on: at every step they are exactly the lines made whole, caret included, while reasoning
    /// grows, then text, then reasoning again now and then, and a tool call appears.
    @Test func aStreamingReplysKeptLinesAreTheWholeLinesAtEveryStep() async {
        let failures = await FuzzRun(defaultCount: 150).run { generator in
            let width = [1, 2, 8, 13, 24, 40].randomElement(using: &generator)!
            let layout = TranscriptLayout()
            var entry = TranscriptEntry(id: 3, kind: .assistant, text: "", label: "p · m", isStreaming: true)
            for step in 0..<Int.random(in: 10...150, using: &generator) {
                let piece = generator.oneIn(3) ? Self.pieces.randomElement(using: &generator)! : ["word", "the", "an", " "].randomElement(using: &generator)!
                if (step < 20 && generator.oneIn(2)) || generator.oneIn(25) { entry.reasoning += piece } else { entry.text += piece }
                if generator.oneIn(60) { entry.toolCalls.append("kit__echo(\(step))") }
                entry.revision += 1
                let reasoning = entry.reasoning.isEmpty
                    ? [] : TerminalText.sanitized(entry.reasoning).split(separator: "\n", omittingEmptySubsequences: false)
                        .flatMap { TextWrapper.wrap([Span(String($0), EntryLines.reasoningStyle)], width: width) }
                let whole = EntryLines.assistant(entry, reasoning: reasoning, body: MarkdownRenderer.render(entry.text, width: width), width: width)
                guard layout.lines(for: entry, width: width) == whole else {
                    return "width \(width), step \(step): reasoning \(entry.reasoning.debugDescription), text \(entry.text.debugDescription)"
                }
                // Asked again in the same frame (the scroll anchor asks too): the same lines, nothing made again.
                guard layout.lines(for: entry, width: width) == whole else { return "asked twice at step \(step)" }
            }
            return nil
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}

extension GrowingTextRenderer {
    /// `text`'s lines in one array, read through `lines` as the layout reads them.
    fileprivate mutating func render(_ text: String) -> [StyledLine] {
        update(text)
        var whole: [StyledLine] = []
        lines.append(from: 0, upTo: lines.count, to: &whole)
        return whole
    }
}
