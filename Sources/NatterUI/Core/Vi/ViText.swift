/// Where vi's motions land in a draft, as positions in its characters: lines, words and their classes.
/// Pure functions of the text, so each is tested on its own.
struct ViText {
    let text: [Character]

    var count: Int { text.count }

    // MARK: lines

    func lineStart(of position: Int) -> Int {
        var index = min(position, text.count)
        while index > 0, text[index - 1] != "\n" { index -= 1 }
        return index
    }

    /// The position of the line's newline, or the text's end on the last line.
    func lineEnd(of position: Int) -> Int {
        var index = min(position, text.count)
        while index < text.count, text[index] != "\n" { index += 1 }
        return index
    }

    /// Where normal mode's caret may be on the line: on its last character, or at its start when it is empty.
    func lastCharacter(ofLineAt position: Int) -> Int {
        max(lineStart(of: position), lineEnd(of: position) - 1)
    }

    func lineNumber(of position: Int) -> Int {
        text[..<min(position, text.count)].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }

    var lineCount: Int { lineNumber(of: text.count) + 1 }

    /// The start of line `number` (from 0), the last line's for a number past it.
    func start(ofLine number: Int) -> Int {
        var line = 0
        var index = 0
        while line < number, let newline = text[index...].firstIndex(of: "\n") {
            index = newline + 1
            line += 1
        }
        return index
    }

    func firstNonBlank(ofLineAt position: Int) -> Int {
        var index = lineStart(of: position)
        let end = lineEnd(of: position)
        while index < end, text[index].isWhitespace { index += 1 }
        return index
    }

    /// The same column (or `column`, the one wanted) `lines` lines down (up when negative); nil when there is no
    /// such line.
    func verticalMove(from position: Int, lines: Int, column: Int? = nil) -> Int? {
        let line = lineNumber(of: position)
        let target = line + lines
        guard target >= 0, target < lineCount, lines != 0 else { return nil }
        let wanted = column ?? position - lineStart(of: position)
        let start = start(ofLine: target)
        return start + min(wanted, lineEnd(of: start) - start)
    }

    // MARK: words: runs of letters, digits and _, or runs of other non-blank characters, as vi's `w` sees them

    enum Class { case blank, word, punctuation }

    func characterClass(at index: Int) -> Class {
        let character = text[index]
        if character.isWhitespace { return .blank }
        if character.isLetter || character.isNumber || character == "_" { return .word }
        return .punctuation
    }

    /// An empty line is a word of its own to `w` and `b`, as in vi.
    func isEmptyLine(at index: Int) -> Bool {
        index < text.count && text[index] == "\n" && (index == 0 || text[index - 1] == "\n")
    }

    /// `w`: the start of the next word (or empty line), crossing lines; the text's end when there is none.
    func nextWordStart(from position: Int) -> Int {
        var index = position
        guard index < text.count else { return text.count }
        let run = characterClass(at: index)
        if run != .blank {
            while index < text.count, characterClass(at: index) == run { index += 1 }
        } else {
            index += 1
        }
        while index < text.count, characterClass(at: index) == .blank, !isEmptyLine(at: index) { index += 1 }
        return index
    }

    /// `e`: the last character of this word or the next, moving at least one.
    func wordEnd(from position: Int) -> Int {
        var index = position + 1
        while index < text.count, characterClass(at: index) == .blank { index += 1 }
        guard index < text.count else { return max(0, text.count - 1) }
        let run = characterClass(at: index)
        while index + 1 < text.count, characterClass(at: index + 1) == run { index += 1 }
        return index
    }

    /// `b`: the start of this word or the one before (or an empty line), moving at least one.
    func previousWordStart(from position: Int) -> Int {
        var index = min(position, text.count) - 1
        guard index > 0 else { return 0 }
        while index > 0, characterClass(at: index) == .blank, !isEmptyLine(at: index) { index -= 1 }
        if characterClass(at: index) == .blank { return index }
        let run = characterClass(at: index)
        while index > 0, characterClass(at: index - 1) == run { index -= 1 }
        return index
    }

    /// `iw` and `aw`: the run under the caret (a word, other marks, or blanks), with the blanks after it for `aw`
    /// (or, when none follow, those before it). Never past the line.
    func word(at position: Int, withBlanks: Bool) -> Range<Int> {
        guard position < text.count, text[position] != "\n" else { return position..<position }
        let run = characterClass(at: position)
        var start = position
        var end = position + 1
        while start > 0, text[start - 1] != "\n", characterClass(at: start - 1) == run { start -= 1 }
        while end < text.count, text[end] != "\n", characterClass(at: end) == run { end += 1 }
        guard withBlanks, run != .blank else { return start..<end }
        var after = end
        while after < text.count, text[after] != "\n", characterClass(at: after) == .blank { after += 1 }
        if after > end { return start..<after }
        while start > 0, text[start - 1] != "\n", characterClass(at: start - 1) == .blank { start -= 1 }
        return start..<end
    }

    /// f t F T: the `times`-th `character` on the line after (or before) `position`; nil when the line has
    /// too few.
    func find(_ kind: ViFind, _ character: Character, from position: Int, times: Int) -> Int? {
        var index = position
        var found = 0
        let forward = kind == .to || kind == .before
        let (start, end) = (lineStart(of: position), lineEnd(of: position))
        // t and T next to their character already look past it, so that a repeated t moves on.
        while found < times {
            index += forward ? 1 : -1
            guard index >= start, index < end else { return nil }
            if text[index] == character { found += 1 }
        }
        switch kind {
        case .to, .backTo: return index
        case .before: return index - 1
        case .backAfter: return index + 1
        }
    }
}
