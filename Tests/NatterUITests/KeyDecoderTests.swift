import Testing

@testable import NatterUI

@Suite struct KeyDecoderTests {
    func decode(_ text: String) -> [TerminalInput] {
        var decoder = KeyDecoder()
        return decoder.decode(text.unicodeScalars.map { RawKey.character($0.value) })
    }

    @Test func mouseEventsKeepTheirCellAndEndTheTypedRunBeforeThem() {
        var decoder = KeyDecoder()
        let raw: [RawKey] = [.character(97), .click(x: 150, y: 20), .character(98), .wheel(up: false, x: 3, y: 4), .wheel(up: true)]
        #expect(decoder.decode(raw) == [.text("a"), .click(x: 150, y: 20), .text("b"), .wheel(up: false, x: 3, y: 4), .key(.wheelUp)])
    }

    @Test func enterCtrlJAndAltEnter() {
        #expect(decode("\r") == [.key(.enter)])
        #expect(decode("\n") == [.key(.newline)])
        #expect(decode("\u{1B}\r") == [.key(.newline)])
    }

    @Test func typedRunsBecomeOneTextSoClustersStayWhole() {
        #expect(decode("hé👩‍👩‍👧") == [.text("hé👩‍👩‍👧")])
        #expect(decode("ab\u{10}cd") == [.text("ab"), .key(.control("p")), .text("cd")])
    }

    @Test func bracketedPasteArrivesWholeWithItsNewlines() {
        #expect(decode("\u{1B}[200~line 1\rline 2\n\u{1B}[D\u{1B}[201~x") == [.text("line 1\rline 2\n\u{1B}[D"), .text("x")])
    }

    @Test func unknownOrUnlistedEscapeSequencesNeverBecomeText() {
        #expect(decode("\u{1B}[4~") == [.key(.end)])
        #expect(decode("\u{1B}[5~\u{1B}[6~") == [.key(.pageUp), .key(.pageDown)])
        #expect(decode("\u{1B}[1;2A") == [.key(.shiftUp)])
        #expect(decode("\u{1B}[99;5Z") == [])
        #expect(decode("\u{1B}") == [.key(.escape)])
        #expect(decode("\u{1B}\u{1B}[4~") == [.key(.escape), .key(.end)])
    }
}
