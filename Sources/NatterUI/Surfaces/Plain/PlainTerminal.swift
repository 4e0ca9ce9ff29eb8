import Foundation
import NatterProviders

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain mode's terminal (`--plain`, `"screen": "plain"`, `TERM=dumb`; SPEC 12): for screen readers and braille
/// displays. Text is only ever appended: no alternate screen, no colours, no box drawing, no cursor moved back
/// over what was printed. The conversation is said as it comes (`PlainTranscript`), each status change is one
/// line, and the input is a line prompt echoed as typed (Backspace rubs out its last character; any other edit
/// prints the line again below).
public final class PlainTerminal: Terminal {
    private var keyboard: RawKeyboard
    private var restored = false
    private var bracketedPaste: Bool { keyboard.bracketedPaste }
    private var transcript = PlainTranscript()
    /// The input line as the terminal shows it now, after the prompt.
    private var shownInput = ""
    private var inputOnScreen = false
    /// Whether the line on screen answers a question (a prompt) rather than being the message.
    private var shownIsAnswer = false
    /// What the status said last, or for a retry's countdown which retry: a countdown is said once, not each second.
    private var lastStatus: String?
    private var lastSaveFailure: String?
    /// The overlay said last, the question on the input line and the message selected: each said once, then what
    /// changes in them.
    private var lastOverlay: PlainOverlay?
    private var lastPrompt: String?
    private var lastSelection: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        keyboard = RawKeyboard(bracketedPaste: environment["TERM"] != "dumb")
        // As in full screen (CursesTerminal): a stop from outside is ignored, for natter stops itself on Ctrl+Z and
        // gives the terminal back first; stopped by a bare SIGTSTP it would leave the terminal raw.
        signal(SIGTSTP, SIG_IGN)
        TerminalRestorer.saveTerminalState()
        TerminalRestorer.useReset(keyboard.bracketedPaste ? "\u{1B}[?2004l\n" : "\n")
        TerminalRestorer.install()
        keyboard.enterRawMode()
    }

    public var size: (width: Int, height: Int) { TerminalOutput.size }

    public var inputDescriptor: Int32 { STDIN_FILENO }

    /// Plain mode draws no frame: `present` says what changed.
    public func draw(_ frame: Frame) {}

    public func present(_ state: AppState, layouts: LayoutCaches) {
        var said = transcript.lines(for: state)
        let overlay = PlainOverlay.read(state)
        if let overlay {
            said += overlay.lines(after: lastOverlay)
        } else if let closed = lastOverlay {
            said.append("closed: \(closed.title)")
        }
        lastOverlay = overlay
        let selection = state.pane.selection.flatMap { id in state.pane.entries.first { $0.messageID == id && $0.isMessageHead } }
            .map { "selected: \($0.kind == .user ? "your message" : "the reply"), \(TerminalText.singleLine($0.text, limit: 200))" }
        if let selection, selection != lastSelection { said.append(selection) }
        lastSelection = selection
        let question = state.prompt.map { TerminalText.singleLine($0.label, limit: 400) }
        if let question, question != lastPrompt { said.append(question) }
        lastPrompt = question
        // Each status set is said once (the same words set again too); a retry's countdown once per retry.
        let key = state.status.isCountdown ? "retry \(state.reply.retryNotice?.attempt ?? 0)" : "\(state.status.revision) \(state.status.text ?? "")"
        if let text = state.status.text, key != lastStatus { said.append("natter: " + TerminalText.singleLine(text, limit: 400)) }
        lastStatus = key
        if let failure = state.status.saveFailure, failure != lastSaveFailure { said.append("natter: " + TerminalText.singleLine(failure, limit: 400)) }
        lastSaveFailure = state.status.saveFailure

        var out = ""
        if !said.isEmpty {
            // Output never lands inside the line being typed: that line is ended first, and printed again after.
            if inputOnScreen { out += "\n" }
            inputOnScreen = false
            for line in said { out += line + "\n" }
        }
        // The line being typed: a question's answer while one is asked, else the message (a line break in it shown
        // as ⏎, so that the line stays one line).
        // A number answering a list is typed on the answer line too.
        let number = state.overlay == nil ? "" : state.choiceNumber
        let answering = state.prompt != nil || !number.isEmpty
        let input = number.isEmpty
            ? TerminalText.sanitized((state.prompt?.input ?? state.composer.input).string, keepNewlines: true).replacingOccurrences(of: "\n", with: " ⏎ ")
            : number
        if inputOnScreen, shownIsAnswer != answering || input != shownInput {
            if shownIsAnswer == answering, input.hasPrefix(shownInput) {
                out += String(input.dropFirst(shownInput.count))
                shownInput = input
            } else {
                // Any other change (a rub-out, a send, a line from the history): the line is ended, never rubbed
                // out over what was printed, and printed again as it is now.
                out += "\n"
                inputOnScreen = false
            }
        }
        shownIsAnswer = answering
        // While a reply streams an empty prompt is not printed between its lines; it comes back once it is done.
        if !inputOnScreen, !input.isEmpty || answering || !state.reply.isReplying {
            out += (answering ? "? " : "> ") + input
            shownInput = input
            inputOnScreen = true
        }
        write(out)
    }

    public func readInput() -> [TerminalInput] { keyboard.read() }

    public func resize() {}

    /// A program takes the terminal (Ctrl+Z, $EDITOR, natter configure): the line being typed is ended first, so
    /// that what it prints starts on a line of its own.
    public func suspend() {
        if inputOnScreen { write("\n") }
        inputOnScreen = false
        if bracketedPaste { write("\u{1B}[?2004l") }
        keyboard.restoreModes()
    }

    public func resume() {
        keyboard.enterRawMode()
        inputOnScreen = false
    }

    public func setTheme(_ theme: Theme) {}
    public func setMouseCapture(_ captured: Bool) {}
    /// OSC 52 copies and notifications are not sent: on a terminal read aloud they would be read as text, and
    /// plain mode writes no escape sequence (the system clipboard's command still takes a copy).
    public func writeControlSequence(_ sequence: String) {}
    /// Focus reports would arrive as text a person did not type; plain mode does not ask for them.
    public func askForFocusReports() {}

    public func restore() {
        guard !restored else { return }
        restored = true
        if inputOnScreen { write("\n") }
        if bracketedPaste { write("\u{1B}[?2004l") }
        keyboard.restoreModes()
        TerminalRestorer.uninstall()
    }

    private func write(_ text: String) { TerminalOutput.write(text) }
}
