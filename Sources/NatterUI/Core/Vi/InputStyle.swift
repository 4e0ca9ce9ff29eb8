/// How the input is edited: the shells' line keys (the default) or vi's modes (`"input": "vi"` in config.json,
/// `/set input vi`). Named as aichat's and the shells' settings name them.
public enum InputStyle: String, CaseIterable, Sendable {
    case emacs, vi
}

/// A choice natter writes to config.json so the next start keeps it.
public enum RememberedChoice: Sendable {
    case theme(String)
    case inputStyle(InputStyle)
}
