import Testing

@testable import NatterUI

/// The keyboard of the inline and plain surfaces reads the terminal's bytes itself: an escape sequence a read cut in
/// two is held for the next read, not taken for Esc and typed text.
@Suite struct RawKeyboardTests {
    @Test func aSequenceCutBeforeItsFinalByteIsHeld() {
        let escape: UInt8 = 0x1B
        #expect(RawKeyboard.incompleteSequence(of: Array("ab".utf8) + [escape, 0x5B]) == [escape, 0x5B])
        #expect(RawKeyboard.incompleteSequence(of: [escape] + Array("[1;5".utf8)) == [escape] + Array("[1;5".utf8))
        #expect(RawKeyboard.incompleteSequence(of: [escape] + Array("[200".utf8)) == [escape] + Array("[200".utf8), "a paste's opening")
        #expect(RawKeyboard.incompleteSequence(of: [escape] + Array("[A".utf8)) == nil, "whole: decoded now")
        #expect(RawKeyboard.incompleteSequence(of: Array("x".utf8) + [escape]) == nil, "a lone Esc is the key")
        #expect(RawKeyboard.incompleteSequence(of: [escape] + Array("[Ax".utf8)) == nil)
        #expect(RawKeyboard.incompleteSequence(of: Array("plain text".utf8)) == nil)
    }
}
