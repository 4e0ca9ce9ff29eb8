import Testing

@testable import NatterUI

/// Writing text into cells: the plain ASCII fast path and the grapheme path must fill cells the same way.
@Suite struct FrameTests {
    func cells(_ frame: Frame, row: Int) -> [String] {
        (0..<frame.width).map { frame[$0, row].text }
    }

    @Test func asciiTextFillsOneCellPerCharacterAndStopsAtTheLimit() {
        var frame = Frame(width: 8, height: 1)
        let end = frame.put("abcdef", x: 1, y: 0, style: Style(.accent), maxX: 5)
        #expect(end == 5)
        #expect(cells(frame, row: 0) == [" ", "a", "b", "c", "d", " ", " ", " "])
        #expect(frame[1, 0].style == Style(.accent) && frame[5, 0].style == .plain)
    }

    @Test func textStartingLeftOfTheFrameIsClipped() {
        var frame = Frame(width: 4, height: 1)
        #expect(frame.put("abcdef", x: -2, y: 0, style: .plain) == 4)
        #expect(frame.lines == ["cdef"])
    }

    /// An ASCII letter followed by a combining accent is one cell, not two: the accent is not ASCII, so the
    /// whole text takes the grapheme path.
    @Test func aCombiningMarkStaysWithItsLetter() {
        var frame = Frame(width: 8, height: 1)
        #expect(frame.put("cafe\u{301} ok", x: 0, y: 0, style: .plain) == 7)
        #expect(cells(frame, row: 0) == ["c", "a", "f", "e\u{301}", " ", "o", "k", " "])
    }

    @Test func aWideCharacterTakesTwoCellsAndIsNotSplitAtTheEdge() {
        var frame = Frame(width: 5, height: 1)
        #expect(frame.put("a日本", x: 0, y: 0, style: .plain) == 5)
        #expect(cells(frame, row: 0) == ["a", "日", "", "本", ""])
        var narrow = Frame(width: 4, height: 1)
        #expect(narrow.put("a日本", x: 0, y: 0, style: .plain) == 3)
        #expect(cells(narrow, row: 0) == ["a", "日", "", " "])
    }

    @Test func graphemesKeepTheirTextAndTheLongestKeepWholeScalars() {
        #expect(Grapheme("a").ascii == UInt8(ascii: "a") && Grapheme("a").text == "a")
        #expect(Grapheme("é").ascii == nil && Grapheme("é").text == "é")
        #expect(Grapheme("🇯🇵").text == "🇯🇵")
        #expect(Grapheme.empty.isEmpty && Grapheme.empty.text == "")
        // 25 bytes of UTF-8: the scalars that fit in 16 bytes are kept, none cut in the middle.
        let family = "👨‍👩‍👧‍👦"
        #expect(Grapheme(family).text == "👨‍👩‍")
        #expect(Grapheme("a") == Grapheme(ascii: UInt8(ascii: "a")) && Grapheme("a") != Grapheme("b"))
    }
}
