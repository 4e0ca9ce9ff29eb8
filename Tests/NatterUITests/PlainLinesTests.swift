import Testing

@testable import NatterUI

/// Plain mode's lines (issue 32, point 4): code announced, a table said row by row as "header: value", a heading
/// said as one, and the same lines whatever pieces the reply streams in.
@Suite struct PlainLinesTests {
    static let reply = """
        # Results
        Here they are:

        | name | size |
        | :--- | ---: |
        | a.txt | 3 |
        | b.txt | 12 |

        ---
        ```swift
        let x = 1
        ```
        Done \u{1B}]0;owned\u{07}now.
        """

    static let said = [
        "heading 1: Results", "Here they are:", "",
        "table, 2 rows:", "row 1:", "  name: a.txt", "  size: 3", "row 2:", "  name: b.txt", "  size: 12", "end of table", "",
        "code, swift:", "let x = 1", "end of code",
        "Done now.",
    ]

    @Test func aReplyIsSaidInWords() {
        var lines = PlainLines()
        let out = lines.add(Self.reply) + lines.finish()
        #expect(out == Self.said)
    }

    @Test(arguments: [1, 2, 3, 7, 13])
    func streamedInPiecesItIsSaidTheSame(size: Int) {
        var lines = PlainLines()
        var out: [String] = []
        var rest = Substring(Self.reply)
        while !rest.isEmpty {
            out += lines.add(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        out += lines.finish()
        #expect(out == Self.said)
    }

    @Test func whatIsLeftOpenIsClosedAtTheEnd() {
        var lines = PlainLines()
        #expect(lines.add("```\nlet a") == ["code:"])
        #expect(lines.finish() == ["let a", "end of code"])
        var alone = PlainLines()
        #expect(alone.add("a | b\nnot a table\n") == ["a | b", "not a table"])
    }
}

extension PlainLinesTests {
    /// A model's paragraph is one long line: it is said in whole words as it streams, never a word cut or said
    /// twice, rather than held until it ends.
    @Test func aLongParagraphIsSaidInWordsAsItStreams() {
        let words = (0..<80).map { "word\($0)" }
        var lines = PlainLines()
        var said: [String] = []
        var midway: [String]?
        for (index, word) in words.enumerated() {
            said += lines.add(word + " ")
            if index == 40 { midway = said }
        }
        said += lines.finish()
        #expect(midway?.isEmpty == false, "words said before the paragraph ended")
        #expect(said.joined(separator: " ").split(separator: " ").map(String.init) == words)
    }
}
