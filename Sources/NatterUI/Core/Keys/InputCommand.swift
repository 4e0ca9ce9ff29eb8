/// The input's editing keys, the chat's keys no command took (the keymap's come first, so config.json can
/// move a command onto one of these). What none of them holds is typed.
enum InputCommand: Equatable, Sendable {
    case lineStart, lineEnd, deleteToLineEnd, deleteToLineStart, deleteWordBack, wordLeft, wordRight
    case deleteForwardOrQuit, up, down, left, right, backspace, delete, tab, scroll(Int), type(Character)

    static let bindings = KeyBindings<InputCommand>(.input, [
        KeyBinding([.up], .up, "input history (the line above in a long input)"),
        KeyBinding([.down], .down, "input history (the line above in a long input)"),
        KeyBinding([.left], .left, "move the caret"),
        KeyBinding([.right], .right, "move the caret"),
        KeyBinding([.control("a"), .home], .lineStart, "start / end of the line"),
        KeyBinding([.control("e"), .end], .lineEnd, "start / end of the line"),
        KeyBinding([.control("k")], .deleteToLineEnd, "delete to end / start of the line"),
        KeyBinding([.control("u")], .deleteToLineStart, "delete to end / start of the line"),
        KeyBinding([.control("w"), .altBackspace], .deleteWordBack, "delete the word before the caret"),
        KeyBinding([.alt("b"), .controlLeft], .wordLeft, "move a word back / on"),
        KeyBinding([.alt("f"), .controlRight], .wordRight, "move a word back / on"),
        KeyBinding([.backspace], .backspace, "delete before the caret (at the start: the last attachment)"),
        KeyBinding([.delete], .delete, "delete after the caret"),
        KeyBinding([.control("d")], .deleteForwardOrQuit, "delete after the caret; quit on an empty input"),
        KeyBinding([.tab], .tab, "complete a /command or its argument, or an @path to attach a file (else four spaces)"),
        KeyBinding([.wheelUp], .scroll(-3), "scroll the transcript"),
        KeyBinding([.wheelDown], .scroll(3), "scroll the transcript"),
    ])
}
