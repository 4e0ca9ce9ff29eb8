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

        Tail paragraph that keeps growing
        """

    @Test func everyPrefixRendersAsTheWholeTextWould() {
        let width = 30
        var growing = GrowingTextRenderer { lines, state in MarkdownRenderer.render(lines: lines, width: width, state: &state) }
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
        var growing = GrowingTextRenderer { lines, state in MarkdownRenderer.render(lines: lines, width: 40, state: &state) }
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
            let whole = TranscriptLayout.render(finished, width: 24).map { $0.map(\.text).joined() }
            // The streaming one differs only by its cursor.
            #expect(streamed.map { $0.replacingOccurrences(of: "▌", with: "") }.filter { !$0.isEmpty }
                == whole.filter { !$0.isEmpty })
        }
    }
}
