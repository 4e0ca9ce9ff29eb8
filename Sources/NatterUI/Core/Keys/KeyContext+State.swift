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
        switch overlay {
        case .help?: return .help
        case .picker(let picker)?: return picker.marked == nil ? .picker : .comparePicker
        case .themes?: return .themes
        case .sessions(let browser)?:
            switch browser.mode {
            case .list: return .sessions
            case .search: return .search
            }
        case .tree?: return .tree
        case .approval?: return .approval
        case .tools?: return .tools
        case .settings?: return .settings
        case .roles?: return .roles
        case nil:
            if find != nil { return .find }
            if review != nil { return .review }
            if pane.selection != nil { return .selection }
            if compare?.round != nil { return .compare }
            return composer.input.isEmpty ? .chat : .input
        }
    }

    /// Where text typed now goes.
    var typedText: TypedText {
        switch keyContext {
        case .chat, .input, .compare, .picker, .comparePicker, .sessions, .search: return .intoField
        case .prompt:
            if case .confirmDelete? = prompt?.kind { return .oneKeyOnly }
            return .intoField
        case .find: return find?.isNavigating == true ? .eachAKey : .intoField
        case .approval: return .oneKeyOnly
        case .selection, .review, .themes, .tree, .tools, .settings, .roles, .help: return .eachAKey
        }
    }
}
