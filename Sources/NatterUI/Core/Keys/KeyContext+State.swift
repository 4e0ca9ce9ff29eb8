/// Where typed text goes in a context: the terminal delivers printable keys as text, several at once when they
/// come fast, and a bracketed paste as text too.
enum TypedText: Sendable, Hashable {
    /// Into the context's text field (the input, a filter, a query, a prompt's answer).
    case intoField
    /// Each character as the key it is: a context whose letters are commands.
    case eachAKey
    /// One typed key is a key; more at once (a paste) does nothing: a paste must never approve a tool call or
    /// confirm a deletion.
    case oneKeyOnly
}

extension AppState {
    /// The context a key reaches now: the one function of the state that says which bindings hold (the same
    /// order `App.dispatchKey` follows, pinned by TypedKeysRouteTests for every context).
    var keyContext: KeyContext {
        if prompt != nil { return .prompt }
        if let overlay { return overlay.model.keyContext }
        if find != nil { return .find }
        if review != nil { return .review }
        if pane.selection != nil { return .selection }
        if compare?.round != nil { return .compare }
        switch composer.vi?.mode {
        case .normal?: return .viNormal
        case .visual?: return .viVisual
        case .insert?, nil: return composer.input.isEmpty ? .chat : .input
        }
    }

    /// Where text typed now goes.
    var typedText: TypedText {
        if prompt == nil, let overlay { return overlay.model.typedText }
        switch keyContext {
        case .chat, .input, .compare, .picker, .comparePicker, .sessions, .search: return .intoField
        case .prompt:
            if prompt?.kind.isYesOrNo == true { return .oneKeyOnly }
            return .intoField
        case .find: return find?.isNavigating == true ? .eachAKey : .intoField
        case .approval: return .oneKeyOnly
        case .palette, .history: return .intoField
        case .selection, .review, .viNormal, .viVisual, .themes, .tree, .tools, .settings, .roles, .help: return .eachAKey
        }
    }
}
