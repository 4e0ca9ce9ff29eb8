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

    /// The symbols the fast path writes without grapheme breaking must be what grapheme breaking and the width
    /// tables say: one cell each, never joined to what stands beside them.
    @Test func everySymbolOfTheFastPathIsOneCellAndStandsAlone() {
        let neighbours = ["a", " ", "─", "é", "1"]
        for value in UInt32(0x80)...UInt32(0xFFFF) where Frame.standsAloneInOneCell(value) {
            guard let scalar = Unicode.Scalar(value) else { Issue.record("U+\(String(value, radix: 16)) is no scalar"); continue }
            let text = String(Character(scalar))
            #expect(DisplayWidth.of(Character(scalar)) == 1, "U+\(String(value, radix: 16)) is not one cell")
            for neighbour in neighbours {
                #expect((neighbour + text + neighbour).count == 3, "U+\(String(value, radix: 16)) joins \(neighbour)")
                #expect((text + text).count == 2, "U+\(String(value, radix: 16)) joins itself")
            }
        }
    }

    /// Text of those symbols and ASCII fills cells exactly as the grapheme path does; anything else in it (an
    /// accent, a wide character, an emoji) sends the whole text down the grapheme path.
    @Test func theSymbolFastPathFillsCellsAsTheGraphemePathDoes() {
        // Some fill the 13 cells to the limit exactly and go on: what follows the last cell may belong to it.
        let texts = [
            "── rule ──", "a · b … c › d", "┌─┐│└┘ ●○▶▼◆", "½ ¿ × ©", "e\u{301}─", "─日本─", "─ ✓ ⚠\u{FE0F} 🇯🇵", "→ ← ↑ ↓ ↳",
            "abcdefghijkle\u{301}", "abcdefghijkl1\u{FE0F}\u{20E3}", "────────────·\u{301}", "abcdefghijklmnop", "────────────── x",
        ]
        for text in texts {
            var fast = Frame(width: 16, height: 1)
            let end = fast.put(text, x: 1, y: 0, style: Style(.border), maxX: 14)
            // Character by character, the way the grapheme path goes.
            var slow = Frame(width: 16, height: 1)
            var column = 1
            for character in text {
                let width = DisplayWidth.of(character)
                if width == 0 { continue }
                if column + width > 14 { break }
                slow[column, 0] = Frame.Cell(grapheme: Grapheme(character), style: Style(.border))
                if width == 2 { slow[column + 1, 0] = Frame.Cell(grapheme: .empty, style: Style(.border)) }
                column += width
            }
            #expect(end == column, "\(text)")
            #expect(fast == slow, "\(text): \(cells(fast, row: 0)) against \(cells(slow, row: 0))")
        }
    }
}
