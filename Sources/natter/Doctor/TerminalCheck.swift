import Foundation
import NatterUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal as natter's full-screen UI will meet it: its type and what terminfo says of it, colours, size,
/// NO_COLOR, and whether copying can reach a clipboard (SPEC 5, 10, 12).
enum TerminalCheck {
    /// The smallest screen the UI is laid out for (SPEC 5).
    static let smallest = (columns: 40, rows: 10)

    static func findings(environment: [String: String]) async -> [DoctorFinding] {
        var findings = [await termFinding(environment), await coloursFinding(environment), noColourFinding(environment)]
        findings += sizeFindings()
        findings += await clipboardFindings(environment)
        return findings
    }

    /// Families whose terminals speak xterm's mouse reports (SGR) and bracketed paste.
    private static let xtermLike = [
        "xterm", "screen", "tmux", "rxvt", "alacritty", "kitty", "foot", "wezterm", "st-", "vte", "gnome", "konsole",
        "putty", "iterm", "ghostty", "contour",
    ]

    private static func termFinding(_ environment: [String: String]) async -> DoctorFinding {
        guard let term = environment["TERM"], !term.isEmpty else {
            return DoctorFinding(
                .terminal, "TERM", .problem, "not set: curses cannot start the full-screen UI without a terminal type",
                fix: ["set it to your terminal's type, e.g. export TERM=xterm-256color"])
        }
        if term == "dumb" {
            return DoctorFinding(.terminal, "TERM", .note, "dumb: natter writes plain, append-only text (no mouse, no colours)")
        }
        if xtermLike.contains(where: { term.hasPrefix($0) }) || term == "st" {
            return DoctorFinding(.terminal, "TERM", .ok, "\(term): xterm-like, so mouse wheel and bracketed paste are expected to work")
        }
        return DoctorFinding(
            .terminal, "TERM", .note, "\(term): not xterm-like, so the mouse wheel and bracketed paste may not work (press F12 to leave the mouse to the terminal)")
    }

    /// What terminfo says, through `tput` (the same database curses reads).
    private static func coloursFinding(_ environment: [String: String]) async -> DoctorFinding {
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else {
            return DoctorFinding(.terminal, "colours", .note, "none without a terminal type")
        }
        guard let answer = await ProgramOutput.run("tput", ["colors"], environment: environment) else {
            return DoctorFinding(.terminal, "colours", .note, "unknown: tput is not installed (or did not answer)")
        }
        guard answer.status == 0, let colours = Int(answer.output) else {
            return DoctorFinding(
                .terminal, "colours", .problem, "terminfo does not know TERM=\(term): curses cannot start the full-screen UI",
                fix: ["set TERM to a type this system knows (e.g. xterm-256color), or install its terminfo (Debian: ncurses-term)"])
        }
        if colours >= 256 { return DoctorFinding(.terminal, "colours", .ok, "\(colours)") }
        if colours >= 8 {
            return DoctorFinding(.terminal, "colours", .ok, "\(colours): themes' colours are shown as the nearest of \(colours)")
        }
        return DoctorFinding(.terminal, "colours", .note, "none (terminfo says \(colours)): natter draws in one colour")
    }

    /// no-color.org: present and not empty.
    private static func noColourFinding(_ environment: [String: String]) -> DoctorFinding {
        if let value = environment["NO_COLOR"], !value.isEmpty {
            return DoctorFinding(.terminal, "NO_COLOR", .note, "set: natter draws without colour")
        }
        return DoctorFinding(.terminal, "NO_COLOR", .ok, "not set")
    }

    private static func sizeFindings() -> [DoctorFinding] {
        let outputIsTerminal = isatty(STDOUT_FILENO) == 1
        var findings = [
            outputIsTerminal
                ? DoctorFinding(.terminal, "standard output", .ok, "a terminal")
                : DoctorFinding(.terminal, "standard output", .note, "not a terminal (a pipe or a file)")
        ]
        // Piped (`natter doctor | less`), standard input may still be the terminal natter would run in.
        guard let measured = [STDOUT_FILENO, STDIN_FILENO].lazy.compactMap(Self.size(of:)).first else {
            findings.append(DoctorFinding(.terminal, "size", .note, "unknown: neither standard output nor standard input is a terminal"))
            return findings
        }
        let (columns, rows) = measured
        if columns < smallest.columns || rows < smallest.rows {
            findings.append(DoctorFinding(
                .terminal, "size", .problem, "\(columns)×\(rows): the UI needs at least \(smallest.columns)×\(smallest.rows)",
                fix: ["make the window larger"]))
        } else {
            findings.append(DoctorFinding(.terminal, "size", .ok, "\(columns)×\(rows)"))
        }
        return findings
    }

    private static func size(of descriptor: Int32) -> (Int, Int)? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// OSC 52 and the system clipboard's command: copying fails only when neither reaches a clipboard.
    private static func clipboardFindings(_ environment: [String: String]) async -> [DoctorFinding] {
        let command = clipboardCommand(environment)
        let hasCommand = command.verdict == .ok
        guard environment["TMUX"].map({ !$0.isEmpty }) ?? false else {
            let insideScreen = environment["STY"] != nil && (environment["TERM"] ?? "").hasPrefix("screen")
            let osc52 = DoctorFinding(
                .terminal, "OSC 52 clipboard", .ok,
                insideScreen
                    ? "sent through GNU screen to the terminal, which may take or refuse it"
                    : "sent to the terminal, which may take or refuse it (most take it; some ask first)")
            return [osc52, command]
        }
        let answer = await ProgramOutput.run("tmux", ["show", "-gv", "set-clipboard"], environment: environment)
        guard let answer, answer.status == 0, !answer.output.isEmpty else {
            return [DoctorFinding(.terminal, "OSC 52 clipboard", .note, "inside tmux, whose set-clipboard could not be read"), command]
        }
        if answer.output == "on" {
            return [DoctorFinding(.terminal, "OSC 52 clipboard", .ok, "inside tmux with set-clipboard on: copies reach the outer terminal"), command]
        }
        let osc52 = DoctorFinding(
            .terminal, "OSC 52 clipboard", hasCommand ? .note : .problem,
            "inside tmux with set-clipboard \(answer.output): tmux keeps natter's copies from the outer terminal"
                + (hasCommand ? ", but the clipboard command below still works" : ", and no clipboard command works here"),
            fix: hasCommand ? [] : ["tmux set -g set-clipboard on (and add `set -g set-clipboard on` to ~/.tmux.conf)"])
        return [osc52, command]
    }

    /// The command natter copies with (`Clipboard.helper`, the same choice), or why there is none.
    private static func clipboardCommand(_ environment: [String: String]) -> DoctorFinding {
        if let helper = Clipboard.helper(environment: environment) {
            return DoctorFinding(.terminal, "clipboard command", .ok, "natter also copies with \(helper.joined(separator: " "))")
        }
        let withoutDisplay = Clipboard.commands.compactMap { command -> String? in
            guard let variable = command.displayVariable, Clipboard.executable(command.name, environment: environment) != nil else { return nil }
            return "\(command.name) is installed, but \(variable) is not set"
        }
        let names = Clipboard.commands.map(\.name).joined(separator: ", ")
        let detail = withoutDisplay.isEmpty ? "none of \(names) is on PATH: copying relies on OSC 52" : withoutDisplay.joined(separator: "; ") + ": copying relies on OSC 52"
        return DoctorFinding(.terminal, "clipboard command", .note, detail)
    }
}
