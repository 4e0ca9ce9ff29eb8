/// What one key means to vi's normal or visual mode (`"input": "vi"`, SPEC 13). Keys are read one at a time;
/// counts, operators and `g` wait for the key that completes them (`ViEditor`).
enum ViCommand: Sendable, Hashable {
    case motion(ViMotion)
    /// d, c, y: waiting for a motion (or itself again, for whole lines); in visual mode, on the selection.
    case operate(ViOperator)
    case insert(ViInsertion)
    /// x: the character under the caret (a count: that many, never past the line's end).
    case deleteCharacter
    /// D and C: to the end of the line.
    case deleteToLineEnd, changeToLineEnd
    /// p and P: what was yanked or deleted last, after or before the caret (a line: below or above).
    case put(before: Bool)
    case undo, redo
    /// v and V: a selection of characters or of whole lines.
    case visual(lines: Bool)
    /// o in visual mode: the caret to the selection's other end.
    case otherEnd
    /// A count's digit (0 only after another digit: alone it is the start of the line).
    case digit(Int)
    /// g, waiting for its second key (gg).
    case goPrefix
    /// f t F T, waiting for the character to find on the line.
    case find(ViFind)
    /// r, waiting for the character to put in place of the one under the caret.
    case replaceCharacter
    /// The character a command waits for (f's target, r's replacement, the w of diw): never bound to a key, the
    /// app hands over the next character typed while the editor waits for one.
    case character(Character)
    /// Esc: what is pending is dropped; in visual mode, back to normal; else it is the chat's Esc.
    case escape
}

enum ViMotion: Sendable, Hashable {
    case left, right, up, down, wordForward, wordBackward, wordEnd, lineStart, firstNonBlank, lineEnd, firstLine, lastLine
    /// f t F T with the character found.
    case find(ViFind, Character)

    /// Whether an operator takes whole lines with it (dj, dG), as vi's linewise motions do.
    var isLinewise: Bool {
        switch self {
        case .up, .down, .firstLine, .lastLine: return true
        case .left, .right, .wordForward, .wordBackward, .wordEnd, .lineStart, .firstNonBlank, .lineEnd, .find: return false
        }
    }

    /// Whether an operator takes the character the motion lands on (de, d$), as vi's inclusive motions do.
    var isInclusive: Bool {
        switch self {
        case .wordEnd, .lineEnd: return true
        case .find(let kind, _): return kind == .to || kind == .before
        case .left, .right, .up, .down, .wordForward, .wordBackward, .lineStart, .firstNonBlank, .firstLine, .lastLine: return false
        }
    }
}

/// f, t, F and T: to the character, or just before it, forward or back on the line.
enum ViFind: Sendable, Hashable {
    case to, before, backTo, backAfter
}

enum ViOperator: Sendable, Hashable {
    case delete, change, yank
}

enum ViInsertion: Sendable, Hashable {
    case beforeCaret, afterCaret, lineStart, lineEnd, lineBelow, lineAbove
}

extension ViCommand {
    /// The motions of both modes; in visual mode up and down stop at the draft's edges.
    private static func motions(visual: Bool) -> [KeyBinding<ViCommand>] {
        let vertical = visual ? "a line up / down" : "a line up / down (past the first or last: input history)"
        return [
            KeyBinding([.character("h"), .left, .backspace], .motion(.left), "a character left / right", label: "h l ← →"),
            KeyBinding([.character("l"), .right], .motion(.right), "a character left / right", label: "h l ← →"),
            KeyBinding([.character("k"), .up], .motion(.up), vertical, label: "k j ↑ ↓"),
            KeyBinding([.character("j"), .down], .motion(.down), vertical, label: "k j ↑ ↓"),
            KeyBinding([.character("w")], .motion(.wordForward), "the next word's start / the word's start / its end", label: "w b e"),
            KeyBinding([.character("b")], .motion(.wordBackward), "the next word's start / the word's start / its end", label: "w b e"),
            KeyBinding([.character("e")], .motion(.wordEnd), "the next word's start / the word's start / its end", label: "w b e"),
            KeyBinding([.character("0")], .motion(.lineStart), "the line's start / first non-blank / end", label: "0 ^ $"),
            KeyBinding([.character("^")], .motion(.firstNonBlank), "the line's start / first non-blank / end", label: "0 ^ $"),
            KeyBinding([.character("$")], .motion(.lineEnd), "the line's start / first non-blank / end", label: "0 ^ $"),
            KeyBinding([.character("g")], .goPrefix, "the first line / the last (a count before: that line)", label: "gg G"),
            KeyBinding([.character("G")], .motion(.lastLine), "the first line / the last (a count before: that line)", label: "gg G"),
            KeyBinding([.character("f")], .find(.to), "to the next / previous character typed on the line, or just before it", label: "f F t T"),
            KeyBinding([.character("F")], .find(.backTo), "to the next / previous character typed on the line, or just before it", label: "f F t T"),
            KeyBinding([.character("t")], .find(.before), "to the next / previous character typed on the line, or just before it", label: "f F t T"),
            KeyBinding([.character("T")], .find(.backAfter), "to the next / previous character typed on the line, or just before it", label: "f F t T"),
        ] + (1...9).map { digit in
            KeyBinding([.character(Character(String(digit)))], .digit(digit), "a count before a motion or an operator (3w, d2w, 2dd)", label: "1–9")
        }
    }

    /// Normal mode's keys, for the editor and for F1.
    static let normalBindings = KeyBindings<ViCommand>(.viNormal, motions(visual: false) + [
        KeyBinding([.character("d")], .operate(.delete), "delete / change / yank over a motion or a word (iw aw); twice: whole lines (dd cc yy)", label: "d c y"),
        KeyBinding([.character("c")], .operate(.change), "delete / change / yank over a motion or a word (iw aw); twice: whole lines (dd cc yy)", label: "d c y"),
        KeyBinding([.character("y")], .operate(.yank), "delete / change / yank over a motion or a word (iw aw); twice: whole lines (dd cc yy)", label: "d c y"),
        KeyBinding([.character("r")], .replaceCharacter, "replace the character under the caret with the next one typed"),
        KeyBinding([.character("x"), .delete], .deleteCharacter, "delete the character under the caret"),
        KeyBinding([.character("D")], .deleteToLineEnd, "delete / change to the end of the line", label: "D C"),
        KeyBinding([.character("C")], .changeToLineEnd, "delete / change to the end of the line", label: "D C"),
        KeyBinding([.character("p")], .put(before: false), "put what was yanked or deleted after / before the caret", label: "p P"),
        KeyBinding([.character("P")], .put(before: true), "put what was yanked or deleted after / before the caret", label: "p P"),
        KeyBinding([.character("i")], .insert(.beforeCaret), "insert before / after the caret", label: "i a"),
        KeyBinding([.character("a")], .insert(.afterCaret), "insert before / after the caret", label: "i a"),
        KeyBinding([.character("I")], .insert(.lineStart), "insert at the line's start / end", label: "I A"),
        KeyBinding([.character("A")], .insert(.lineEnd), "insert at the line's start / end", label: "I A"),
        KeyBinding([.character("o")], .insert(.lineBelow), "insert on a new line below / above", label: "o O"),
        KeyBinding([.character("O")], .insert(.lineAbove), "insert on a new line below / above", label: "o O"),
        KeyBinding([.character("u")], .undo, "undo / redo", label: "u Ctrl+R"),
        KeyBinding([.control("r")], .redo, "undo / redo", label: "u Ctrl+R"),
        KeyBinding([.character("v")], .visual(lines: false), "select characters / whole lines", label: "v V"),
        KeyBinding([.character("V")], .visual(lines: true), "select characters / whole lines", label: "v V"),
        KeyBinding([.escape], .escape, "drop a pending count or operator; else the chat's Esc (cancels a reply)"),
    ])

    /// Visual mode's keys: the motions move the caret, the selection runs from where v was pressed.
    static let visualBindings = KeyBindings<ViCommand>(.viVisual, motions(visual: true) + [
        KeyBinding([.character("y")], .operate(.yank), "copy the selection (to the clipboard, as Ctrl+Y does)"),
        KeyBinding([.character("d"), .character("x"), .delete], .operate(.delete), "delete the selection"),
        KeyBinding([.character("c")], .operate(.change), "change the selection (delete it and insert)"),
        KeyBinding([.character("p")], .put(before: false), "replace the selection with what was yanked or deleted"),
        KeyBinding([.character("o")], .otherEnd, "the caret to the selection's other end"),
        KeyBinding([.character("v")], .visual(lines: false), "characters / whole lines; the same key again leaves", label: "v V"),
        KeyBinding([.character("V")], .visual(lines: true), "characters / whole lines; the same key again leaves", label: "v V"),
        KeyBinding([.escape], .escape, "back to normal mode"),
    ])
}
