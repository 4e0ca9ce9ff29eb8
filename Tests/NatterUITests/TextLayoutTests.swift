import Testing

@testable import NatterUI

@Suite struct TextLayoutTests {
    @Test func displayWidthOfWideNarrowAndZeroWidthCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("👩‍👩‍👧") == 2, "a ZWJ family is one two-cell cluster")
        #expect(DisplayWidth.of("🇫🇷") == 2, "a flag is one two-cell cluster")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent takes no cell")
        #expect(DisplayWidth.of("❤️") == 2, "VS16 asks for emoji presentation")
        #expect(DisplayWidth.of("\u{200B}") == 0)
        #expect(DisplayWidth.of("ｶﾀｶﾅ") == 4, "halfwidth katakana is narrow")
        #expect(DisplayWidth.of("Ａ") == 2, "fullwidth Latin is wide")
    }

    /// Printable ASCII is counted a byte a cell without breaking the text into characters: every such text, and
    /// every text with one other character in it (a control, DEL, a combining mark after a letter, CR LF, a wide
    /// character), measures as the sum of its characters.
    @Test func asciiIsCountedByBytesAsItsCharactersWouldBe() {
        func byCharacters(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }
        var generator = SystemRandomNumberGenerator()
        let others = ["\u{7F}", "\u{1F}", "\t", "\r\n", "\u{301}", "日", "🙂", "\u{200B}", "é"]
        for length in 0..<200 {
            var text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator))) })
            #expect(DisplayWidth.of(text) == length)
            #expect(DisplayWidth.of(text[...]) == length)
            text.insert(contentsOf: others.randomElement(using: &generator)!, at: text.index(text.startIndex, offsetBy: Int.random(in: 0...length, using: &generator)))
            #expect(DisplayWidth.of(text) == byCharacters(text), "\(text.debugDescription)")
        }
    }

    func texts(_ lines: [StyledLine]) -> [String] { lines.map { $0.map(\.text).joined() } }

    @Test func wrapsAtSpacesAndBreaksOnlyOverlongWords() {
        #expect(texts(TextWrapper.wrap([Span("the quick brown fox jumps")], width: 10)) == ["the quick", "brown fox", "jumps"])
        #expect(texts(TextWrapper.wrap([Span("abcdefghijklmnop")], width: 5)) == ["abcde", "fghij", "klmno", "p"])
        #expect(texts(TextWrapper.wrap([Span("")], width: 5)) == [""])
    }

    @Test func wideCharactersNeverStraddleTheEdgeAtOddWidths() {
        for width in [3, 5, 7, 9, 11] {
            let lines = TextWrapper.wrap([Span("日本語のテキスト🙂👩‍👩‍👧 mixed text")], width: width)
            for line in lines {
                #expect(DisplayWidth.of(line.map(\.text).joined()) <= width, "width \(width): \(line)")
            }
            #expect(texts(lines).joined().replacingOccurrences(of: " ", with: "") == "日本語のテキスト🙂👩‍👩‍👧mixedtext")
        }
    }

    @Test func hangingIndentForContinuationLines() {
        let lines = TextWrapper.wrap([Span("• "), Span("one two three four")], width: 9, indent: [Span("  ")])
        #expect(texts(lines) == ["• one two", "  three", "  four"])
    }

    @Test func stylesSurviveWrapping() {
        let bold = Style(.foreground, [.bold])
        let lines = TextWrapper.wrap([Span("plain "), Span("bold words here", bold)], width: 10)
        #expect(lines[0] == [Span("plain "), Span("bold", bold)])
        #expect(lines[1] == [Span("words here", bold)])
    }

    @Test func markdownBlocksAndInlineStyles() {
        let rendered = MarkdownRenderer.render(
            "# Title\nSome **bold**, *italic*, `code` and [a link](https://x.y).\n- item\n1. first\n> quoted\n```py\nprint(1)\n```\nsnake_case_name stays",
            width: 40)
        #expect(texts(rendered) == [
            "Title",
            "Some bold, italic, code and a link",
            "(https://x.y).",
            "• item",
            "1. first",
            "│ quoted",
            "┌─ [1] py " + String(repeating: "─", count: 30),
            "│ print(1)",
            "└" + String(repeating: "─", count: 39),
            "snake_case_name stays",
        ])
        #expect(rendered[0].first?.style == Style(.heading, [.bold]))
        #expect(rendered[1].contains(Span("bold", Style(.foreground, [.bold]))))
        #expect(rendered[1].contains(Span("italic", Style(.foreground, [.italic]))))
        #expect(rendered[1].contains(Span("code", Style(.code, background: .codeBackground))))
        #expect(rendered[1].contains(Span("a link", Style(.link, [.underline]))))
    }

    @Test func unclosedMarkupWhileStreamingRendersAsFarAsItGoes() {
        #expect(texts(MarkdownRenderer.render("so **far", width: 20)) == ["so far"])
        #expect(texts(MarkdownRenderer.render("```swift\nlet a", width: 20)) == ["┌─ [1] swift ───────", "│ let a"])
    }

    @Test func controlCharactersAreRemovedFromMarkdown() {
        #expect(texts(MarkdownRenderer.render("a\u{1B}[2Jb\u{7}c\u{202E}d", width: 20)) == ["a[2Jbcd"])
    }
}
