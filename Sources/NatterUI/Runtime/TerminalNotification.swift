import NatterProviders

/// A desktop notification asked of the terminal itself (SPEC 13): OSC 9 (iTerm2, WezTerm, Ghostty, Windows
/// Terminal), OSC 777 (urxvt, foot, Konsole, VTE terminals), OSC 99 (kitty), a bell where none is known to
/// work. Inside tmux or GNU screen the sequence is wrapped so that they pass it to the terminal around them.
enum TerminalNotification {
    enum Kind: Equatable {
        case osc9, osc777, osc99, bell
    }

    /// Which form the terminal takes, from what it says of itself in the environment.
    static func kind(environment: [String: String]) -> Kind {
        let program = (environment["TERM_PROGRAM"] ?? environment["LC_TERMINAL"] ?? "").lowercased()
        let term = (environment["TERM"] ?? "").lowercased()
        if term.contains("kitty") || environment["KITTY_WINDOW_ID"] != nil { return .osc99 }
        if ["iterm.app", "iterm2", "wezterm", "ghostty", "windows_terminal"].contains(program) || environment["WT_SESSION"] != nil { return .osc9 }
        if term.hasPrefix("foot") || term.hasPrefix("rxvt") || environment["KONSOLE_VERSION"] != nil || environment["VTE_VERSION"] != nil {
            return .osc777
        }
        return .bell
    }

    /// The bytes to write: `title` and `body` made one clean line each (a reply's words must not end the
    /// sequence early or carry one of their own), the form the terminal takes, wrapped for a multiplexer.
    static func sequence(title: String, body: String, environment: [String: String]) -> String {
        let title = clean(title)
        let body = clean(body)
        let plain: String
        switch kind(environment: environment) {
        case .osc9: plain = "\u{1B}]9;\(title): \(body)\u{1B}\\"
        case .osc777: plain = "\u{1B}]777;notify;\(title);\(body)\u{1B}\\"
        case .osc99: plain = "\u{1B}]99;i=1:d=0;\(title)\u{1B}\\\u{1B}]99;i=1:d=1:p=body;\(body)\u{1B}\\"
        case .bell: return "\u{07}"
        }
        if environment["TMUX"] != nil {
            // tmux passes a DCS "tmux;" on to the outer terminal, every ESC inside it doubled.
            return "\u{1B}Ptmux;" + plain.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
        }
        if (environment["TERM"] ?? "").hasPrefix("screen") || environment["STY"] != nil {
            return "\u{1B}P" + plain + "\u{1B}\\"
        }
        return plain
    }

    /// One line of printable text without `;` (a field separator in OSC 777) and at most 200 characters.
    private static func clean(_ text: String) -> String {
        String(TerminalText.singleLine(text, limit: 200).map { $0 == ";" ? "," : $0 })
    }
}
