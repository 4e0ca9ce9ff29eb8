/// A key press or mouse wheel step, decoded from the terminal.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter
    /// Ctrl+J or Alt+Enter: a newline in the input.
    case newline
    case escape
    case control(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case shiftUp, shiftDown
    /// Alt+↑/↓: message selection.
    case altUp, altDown
    case backspace, delete, tab
    case function(Int)
    /// Alt (Meta) with a character: ESC then the character, as terminals send it.
    case alt(Character)
    case altBackspace
    case controlLeft, controlRight
    case wheelUp, wheelDown
}
