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

    public mutating func clear() {
        text = []
        caret = 0
    }
}
