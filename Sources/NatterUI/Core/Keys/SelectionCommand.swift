/// What a key means while a message is selected (Alt+↑): letters are commands here, as in a pager; a letter
/// that is none leaves the selection and is typed into the input.
enum SelectionCommand: Equatable, Sendable {
    case move(Int), leave, sibling(Int), edit, askAgain, fold, copy, copyBlock(Int)
    case scroll(Int), page(Int), help, tree
    /// `/` on a selected message: a command typed with the message kept as a template's `{{selection}}`.
    case command

    static func bindings(_ keymap: Keymap) -> KeyBindings<SelectionCommand> {
        KeyBindings(.selection, [
            KeyBinding([.up, .altUp, .character("k")], .move(-1), "move the selection", hint: "move"),
            KeyBinding([.down, .altDown, .character("j")], .move(1), "move the selection", hint: "move"),
            KeyBinding([.character("e")], .edit, "edit it: yours forks, a reply gets a new version", hint: "edit"),
            KeyBinding([.character("r")], .askAgain, "ask again from there", hint: "ask again"),
            KeyBinding([.left], .sibling(-1), "its other versions (‹2/3›)", hint: "versions"),
            KeyBinding([.right], .sibling(1), "its other versions (‹2/3›)", hint: "versions"),
            KeyBinding([.character("y")], .copy, "copy it", hint: "copy"),
            KeyBinding([.character("/")], .command, "a /command or /template with this message as its {{selection}}"),
        ] + (1...9).map { number in
            KeyBinding([.character(Character(String(number)))], .copyBlock(number), "copy its code block N", hint: "copy code", label: "1–9")
        } + [
            KeyBinding([.character("o")], .fold, "open a tool result whole / fold it again", hint: "open"),
            KeyBinding([.escape, .enter, .control("c")], .leave, "leave the selection", hint: "leave"),
            KeyBinding([.pageUp], .page(-1), "scroll a page"),
            KeyBinding([.pageDown], .page(1), "scroll a page"),
            KeyBinding([.shiftUp, .wheelUp], .scroll(-3), "scroll"),
            KeyBinding([.shiftDown, .wheelDown], .scroll(3), "scroll"),
            KeyBinding(keymap.keys(for: .help), .help, "help"),
            KeyBinding(keymap.keys(for: .tree), .tree, "every branch"),
        ])
    }
}
