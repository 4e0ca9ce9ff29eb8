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
    private var saved = termios()
    private var hasSaved = false
    private var restored = false
    /// Bracketed paste, so that a pasted line end is not Enter; not on a dumb terminal, which would show the
    /// sequence as text.
    private let bracketedPaste: Bool
    private var decoder = KeyDecoder()
    /// Bytes of a character or sequence a read cut in two, kept for the next read.
    private var carried: [UInt8] = []
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
        bracketedPaste = environment["TERM"] != "dumb"
        // Saved before any change: a crash gives this state back, not the raw one.
        hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
        TerminalRestorer.saveTerminalState()
        TerminalRestorer.useReset(bracketedPaste ? "\u{1B}[?2004l\n" : "\n")
        TerminalRestorer.install()
        enterRawMode()
    }

    /// Keys one at a time and not echoed by the terminal (natter echoes the line itself); Ctrl+C and Ctrl+Z arrive
    /// as keys, as in full screen, so that Ctrl+C cancels a reply before it quits. Output is processed as usual
    /// (a line end is CR LF).
    private func enterRawMode() {
        guard hasSaved else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        if bracketedPaste { write("\u{1B}[?2004h") }
    }

    public var size: (width: Int, height: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

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
        let answering = state.prompt != nil
        let input = TerminalText.sanitized((state.prompt?.input ?? state.composer.input).string, keepNewlines: true)
            .replacingOccurrences(of: "\n", with: " ⏎ ")
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

    public func readInput() -> [TerminalInput] {
        // Asked after every wake-up, keys or not: read only what is there (the runner must not block here).
        var ready = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        guard poll(&ready, 1, 0) > 0, ready[0].revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else { return [] }
        var bytes = carried + buffer[..<count]
        // A character cut by the read's end waits for the rest of it.
        carried = Self.incompleteTail(of: bytes)
        bytes.removeLast(carried.count)
        // Without bracketed paste (a dumb terminal), several lines in one read are a paste, not Enter after Enter.
        if !bracketedPaste, bytes.count > 1, bytes.dropLast().contains(13) {
            return [.text(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r", with: "\n"))]
        }
        return decoder.decode(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { RawKey.character($0.value) })
    }

    /// The bytes at the end of `bytes` that begin a UTF-8 character not yet complete.
    private static func incompleteTail(of bytes: [UInt8]) -> [UInt8] {
        var start = bytes.count
        while start > 0, bytes.count - start < 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return [] }
        let lead = bytes[start - 1]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        let have = bytes.count - (start - 1)
        return length > 1 && have < length ? Array(bytes[(start - 1)...]) : []
    }

    public func resize() {}

    /// A program takes the terminal (Ctrl+Z, $EDITOR, natter configure): the line being typed is ended first, so
    /// that what it prints starts on a line of its own.
    public func suspend() {
        if inputOnScreen { write("\n") }
        inputOnScreen = false
        if bracketedPaste { write("\u{1B}[?2004l") }
        restoreModes()
    }

    public func resume() {
        enterRawMode()
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
        restoreModes()
        TerminalRestorer.uninstall()
    }

    private func restoreModes() {
        if hasSaved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBufferPointer { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN {
                // A non-blocking terminal that is full: wait until it takes more, rather than spin.
                var ready = [pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)]
                _ = poll(&ready, 1, 1000)
                continue
            }
            guard count > 0 else { return }
            written += count
        }
    }
}
