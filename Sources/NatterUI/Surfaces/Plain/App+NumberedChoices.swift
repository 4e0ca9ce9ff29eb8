extension App {
    /// Plain mode answers a list by number (SPEC 12): while an overlay with numbered choices is open, digits are
    /// held as the number (not filter text, not keys), Backspace takes one back, Esc drops it, and Enter takes the
    /// choice; a letter after digits makes them filter text again. Nil leaves the key to the overlay.
    mutating func answerByNumber<Model: OverlayModel>(_ key: Key, to model: Model) -> [AppIntent]? {
        guard state.display.screenMode == .plain, let choices = model.choices(in: state) else { return nil }
        let number = state.choiceNumber
        switch key {
        case .character(let digit) where digit.isASCII && digit.isNumber && (!number.isEmpty || choices.digitsAreNumbers):
            // A few digits at most: a list of thousands is narrowed by its filter first.
            if number.count < 4 { state.choiceNumber.append(digit) }
            return []
        case .backspace where !number.isEmpty:
            state.choiceNumber.removeLast()
            return []
        case .escape where !number.isEmpty:
            state.choiceNumber = ""
            return []
        case .enter where !number.isEmpty:
            state.choiceNumber = ""
            guard let chosen = Int(number), (1...max(1, choices.labels.count)).contains(chosen), !choices.labels.isEmpty else {
                setStatus("no choice \(number): the choices are 1 to \(choices.labels.count)", isError: true)
                return []
            }
            return model.perform(choices.take(chosen - 1), in: &self)
        default:
            guard !number.isEmpty else { return nil }
            state.choiceNumber = ""
            // The digits were a filter's beginning after all ("4o"): they go where typed text goes, with the letter.
            guard case .character(let character) = key, model.typedText == .intoField, let typed = model.typing(number + String(character)) else {
                return nil
            }
            return model.perform(typed, in: &self)
        }
    }
}
