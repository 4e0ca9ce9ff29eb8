/// An overlay's list as plain mode says it and answers it (SPEC 12): each choice by its words, numbered from 1, and
/// the command that takes one; a number typed, then Enter, takes it (`App.answerByNumber`).
struct NumberedChoices<Command> {
    var labels: [String]
    /// The choice the arrows are on, if the list has one.
    var selected: Int?
    /// What is typed in the list's field (a filter), said with the list.
    var field: String?
    /// The command that takes the choice at `index` (from 0).
    var take: (Int) -> Command
    /// Whether a digit typed now begins a number; false where it is text for a field already begun (a filter of
    /// "gpt-4" goes on filtering).
    var digitsAreNumbers = true
}
