/// The text being typed: any number of lines, with a caret. Positions are in characters (grapheme
/// clusters), so an emoji or an accented letter is deleted whole.
public struct InputBuffer: Sendable, Hashable {
    public private(set) var text: [Character] = []
    /// Caret position, 0...text.count.
    public private(set) var caret = 0

    public init(_ initial: String = "") {
        text = Array(initial)
        caret = text.count
    }

    public var string: String { String(text) }
    public var isEmpty: Bool { text.isEmpty }

    public mutating func insert(_ string: String) {
        let characters = Array(string)
        text.insert(contentsOf: characters, at: caret)
        caret += characters.count
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

    public mutating func clear() {
        text = []
        caret = 0
    }
}
