import NatterProviders

/// The text being typed: any number of lines, with a caret. Positions are in characters (grapheme
/// clusters), so an emoji or an accented letter is deleted whole.
///
/// A large paste is one character of the buffer, a chip (`[pasted 5,000 lines, 84 kB]`), standing for its
/// text: laying out and editing a 10 MB draft character by character froze the screen for seconds. The
/// text sent (`string`) has the pasted text in the chip's place; Ctrl+G opens all of it in the editor.
public struct InputBuffer: Sendable, Hashable {
    public private(set) var text: [Character] = []
    /// Caret position, 0...text.count.
    public private(set) var caret = 0
    /// What each chip stands for, by its character (one of the Unicode private use plane 15's).
    public private(set) var pastes: [Character: PastedBlock] = [:]

    public struct PastedBlock: Sendable, Hashable {
        public var text: String
        /// Made once: counting the lines of 10 MB at every frame cost 10 ms a keystroke.
        public var label: String
    }

    /// A paste with more lines or bytes than this becomes a chip.
    public static let chipLines = 100
    public static let chipBytes = 16 * 1024

    /// Plane 15 (U+F0000…): private use, never typed in practice; such characters arriving as text are dropped.
    private static let chipScalars: ClosedRange<UInt32> = 0xF0000...0xFFFFD

    /// A long initial text (a draft from history) comes back as a chip, like the paste it was.
    public init(_ initial: String = "") {
        if Self.isLarge(initial) {
            insertChip(initial)
        } else {
            text = Array(Self.withoutChipCharacters(initial))
            caret = text.count
        }
    }

    public var string: String {
        guard !pastes.isEmpty else { return String(text) }
        var result = ""
        for character in text { result += pastes[character]?.text ?? String(character) }
        return result
    }

    public var isEmpty: Bool { text.isEmpty }

    public mutating func insert(_ string: String) {
        let characters = Array(Self.withoutChipCharacters(string))
        text.insert(contentsOf: characters, at: caret)
        caret += characters.count
    }

    /// Pasted text: a chip when it is large, else typed in.
    public mutating func paste(_ string: String) {
        if Self.isLarge(string) { insertChip(string) } else { insert(string) }
    }

    /// What the chip at `character` shows, nil for an ordinary character.
    public func chipLabel(_ character: Character) -> String? {
        pastes[character]?.label
    }

    static func isLarge(_ text: String) -> Bool {
        text.utf8.count > chipBytes || PastedText.count(of: 0x0A, in: text) >= chipLines
    }

    static func label(_ text: String) -> String {
        let lines = PastedText.count(of: 0x0A, in: text) + (text.hasSuffix("\n") ? 0 : 1)
        return "[pasted \(Quantities.count(lines)) line\(lines == 1 ? "" : "s"), \(Quantities.bytes(text.utf8.count))]"
    }

    private mutating func insertChip(_ pasted: String) {
        let used = Set(pastes.keys)
        guard let scalar = Self.chipScalars.lazy.compactMap(Unicode.Scalar.init).first(where: { !used.contains(Character($0)) }) else {
            return insert(pasted)
        }
        let chip = Character(scalar)
        pastes[chip] = PastedBlock(text: pasted, label: Self.label(pasted))
        text.insert(chip, at: caret)
        caret += 1
    }

    private static func withoutChipCharacters(_ string: String) -> String {
        guard string.unicodeScalars.contains(where: { chipScalars.contains($0.value) }) else { return string }
        return String(String.UnicodeScalarView(string.unicodeScalars.filter { !chipScalars.contains($0.value) }))
    }

    public mutating func backspace() {
        guard caret > 0 else { return }
        caret -= 1
        text.remove(at: caret)
    }

    public mutating func deleteForward() {
        guard caret < text.count else { return }
        text.remove(at: caret)
    }

    public mutating func moveLeft() { caret = max(0, caret - 1) }
    public mutating func moveRight() { caret = min(text.count, caret + 1) }
    public mutating func moveToLineStart() {
        while caret > 0, text[caret - 1] != "\n" { caret -= 1 }
    }
    public mutating func moveToLineEnd() {
        while caret < text.count, text[caret] != "\n" { caret += 1 }
    }

    /// Moves to the same column of the previous line; false when already on the first line.
    public mutating func moveUp() -> Bool {
        let lineStart = text[..<caret].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        guard lineStart > 0 else { return false }
        let column = caret - lineStart
        let previousStart = text[..<(lineStart - 1)].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        caret = min(previousStart + column, lineStart - 1)
        return true
    }

    /// Moves to the same column of the next line; false when already on the last line.
    public mutating func moveDown() -> Bool {
        guard let lineEnd = text[caret...].firstIndex(of: "\n") else { return false }
        let lineStart = text[..<caret].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let column = caret - lineStart
        let nextEnd = text[(lineEnd + 1)...].firstIndex(of: "\n") ?? text.count
        caret = min(lineEnd + 1 + column, nextEnd)
        return true
    }

    // MARK: shell-line editing (Ctrl+K, Ctrl+U, Ctrl+W, Alt+B, Alt+F), within the caret's line

    /// Deletes from the caret to the end of its line (Ctrl+K).
    public mutating func deleteToLineEnd() {
        let end = text[caret...].firstIndex(of: "\n") ?? text.count
        text.removeSubrange(caret..<end)
    }

    /// Deletes from the start of the caret's line to the caret (Ctrl+U).
    public mutating func deleteToLineStart() {
        let start = text[..<caret].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        text.removeSubrange(start..<caret)
        caret = start
    }

    /// Deletes the word before the caret and the spaces after it (Ctrl+W, Alt+Backspace).
    public mutating func deleteWordBack() {
        let start = wordStart(before: caret)
        text.removeSubrange(start..<caret)
        caret = start
    }

    /// Moves to the start of the word before the caret (Alt+B, Ctrl+Left).
    public mutating func moveWordLeft() { caret = wordStart(before: caret) }

    /// Moves past the end of the word after the caret (Alt+F, Ctrl+Right).
    public mutating func moveWordRight() {
        var index = caret
        while index < text.count, !Self.isWordCharacter(text[index]) { index += 1 }
        while index < text.count, Self.isWordCharacter(text[index]) { index += 1 }
        caret = index
    }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, !Self.isWordCharacter(text[index - 1]) { index -= 1 }
        while index > 0, Self.isWordCharacter(text[index - 1]) { index -= 1 }
        return index
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Cuts the characters in `range` out, the caret kept on the same text.
    public mutating func remove(_ range: Range<Int>) {
        let (lower, upper) = (max(0, range.lowerBound), min(text.count, range.upperBound))
        guard lower < upper else { return }
        let range = lower..<upper
        text.removeSubrange(range)
        if caret >= range.upperBound {
            caret -= range.count
        } else if caret > range.lowerBound {
            caret = range.lowerBound
        }
    }

    /// The caret to `position`, kept within the text (vi's motions).
    public mutating func moveCaret(to position: Int) {
        caret = max(0, min(text.count, position))
    }

    /// The text of the characters in `range`, a chip's paste in its place (what vi yanks and deletes).
    public func string(in range: Range<Int>) -> String {
        let lower = min(max(0, range.lowerBound), text.count)
        let range = lower..<min(text.count, max(lower, range.upperBound))
        guard !pastes.isEmpty else { return String(text[range]) }
        return text[range].reduce(into: "") { result, character in result += pastes[character]?.text ?? String(character) }
    }

    public mutating func clear() {
        text = []
        caret = 0
        pastes = [:]
    }
}
