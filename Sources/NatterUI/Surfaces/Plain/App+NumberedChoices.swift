extension App {
    /// Plain mode answers a list by number (SPEC 12): while an overlay with numbered choices is open, digits are
    /// held as the number (not filter text, not keys), Backspace takes one back, Esc drops it, and Enter takes the
    /// choice; a letter after digits makes them filter text again. Nil leaves the key to the overlay.
    mutating func answerByNumber<Model: OverlayModel>(_ key: Key, to model: Model) -> [AppIntent]? {
        guard state.display.screenMode == .plain, let choices = model.choices(in: state) else { return nil }
        let number = state.choiceNumber
        if case .character(let digit) = key, digit.isASCII, digit.isNumber, !number.isEmpty || choices.digitsAreNumbers {
            // A few digits at most: a list of thousands is narrowed by its filter first.
            if number.count < 4 { state.choiceNumber.append(digit) }
            return []
        }
        // Without a number held, every key is the overlay's own. (Not a switch over the keys: only these four mean
        // anything here, and the rest are the overlay's whatever the keymap adds.)
        guard !number.isEmpty else { return nil }
        if key == .backspace {
            state.choiceNumber.removeLast()
            return []
        }
        state.choiceNumber = ""
        if key == .escape { return [] }
        if key == .enter {
            guard let chosen = Int(number), (1...max(1, choices.labels.count)).contains(chosen), !choices.labels.isEmpty else {
                setStatus("no choice \(number): the choices are 1 to \(choices.labels.count)", isError: true)
                return []
            }
            return model.perform(choices.take(chosen - 1), in: &self)
        }
        // The digits were a filter's beginning after all ("4o"): they go where typed text goes, with the letter.
        guard case .character(let character) = key, model.typedText == .intoField, let typed = model.typing(number + String(character)) else {
            return nil
        }
        return model.perform(typed, in: &self)
    }
}
