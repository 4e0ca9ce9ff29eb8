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
    private let decoderLock = NSLock()
    private var decoder = KeyDecoder()
    private var transcript = PlainTranscript()
    /// The input line as the terminal shows it now, after the prompt.
    private var shownInput = ""
    private var inputOnScreen = false
    /// Whether the line on screen answers a question (a prompt) rather than being the message.
    private var shownIsAnswer = false
    /// What the status said last, or for a retry's countdown which retry: a countdown is said once, not each second.
    private var lastStatus: String?
    /// The overlay said last, and the question on the input line: each said once, then what changes in them.
    private var lastOverlay: PlainOverlay?
    private var lastPrompt: String?

    public init() {
        hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasSaved {
            // Keys one at a time and not echoed by the terminal (natter echoes the line itself); Ctrl+C and Ctrl+Z
            // arrive as keys, as in full screen, so that Ctrl+C cancels a reply before it quits.
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
            raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
            withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
                bytes[Int(VMIN)] = 1
                bytes[Int(VTIME)] = 0
            }
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }
        TerminalRestorer.saveTerminalState()
        TerminalRestorer.install()
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
        var out = ""
        var said = transcript.lines(for: state)
        let overlay = PlainOverlay.read(state, layouts: layouts)
        if let overlay {
            said += overlay.lines(after: lastOverlay)
        } else if lastOverlay != nil {
            said.append("closed \(lastOverlay?.title ?? "")")
        }
        lastOverlay = overlay
        let question = state.prompt.map { TerminalText.singleLine($0.label, limit: 400) }
        if let question, question != lastPrompt { said.append(question) }
        lastPrompt = question
        var status: String?
        let retrying = state.reply.retryUntil != nil ? state.reply.retryNotice.map { "retry \($0.attempt)" } : nil
        let key = retrying ?? state.status.text
        if let text = state.status.text, key != lastStatus { status = text }
        lastStatus = key
        if !said.isEmpty || status != nil {
            // Output never lands inside the line being typed: that line is ended first, and printed again after.
            if inputOnScreen { out += "\n" }
            inputOnScreen = false
            for line in said { out += line + "\n" }
            if let status { out += "natter: " + TerminalText.singleLine(status, limit: 400) + "\n" }
        }
        // The line being typed: a question's answer while one is asked, else the message.
        let input = TerminalText.sanitized((state.prompt?.input ?? state.composer.input).string, keepNewlines: false)
        if inputOnScreen, shownIsAnswer != (state.prompt != nil) {
            out += "\n"
            inputOnScreen = false
        }
        shownIsAnswer = state.prompt != nil
        if !inputOnScreen {
            out += (state.prompt == nil ? "> " : "? ") + input
            shownInput = input
            inputOnScreen = true
        } else if input != shownInput {
            if input.hasPrefix(shownInput) {
                out += String(input.dropFirst(shownInput.count))
            } else if shownInput.hasPrefix(input), shownInput.count - input.count <= 16 {
                // Backspace: the characters rubbed out where they were typed, as a terminal's own line editing does.
                out += String(repeating: "\u{8} \u{8}", count: shownInput.count - input.count)
            } else {
                out += (state.prompt == nil ? "\n> " : "\n? ") + input
            }
            shownInput = input
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
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        // Enter arrives as a carriage return (ICRNL is off): the decoder knows it as the key.
        let raw = text.unicodeScalars.map { RawKey.character($0.value) }
        decoderLock.lock()
        defer { decoderLock.unlock() }
        return decoder.decode(raw)
    }

    public func resize() {}
    public func suspend() { restoreModes() }
    public func resume() {
        if hasSaved {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
            raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }
        inputOnScreen = false
    }
    public func setTheme(_ theme: Theme) {}
    public func setMouseCapture(_ captured: Bool) {}
    /// OSC 52 copies and notifications: sequences that move nothing, and that a screen reader's terminal may use.
    public func writeControlSequence(_ sequence: String) { write(sequence) }
    /// Focus reports would arrive as text a person did not type; plain mode does not ask for them.
    public func askForFocusReports() {}

    public func restore() {
        guard !restored else { return }
        restored = true
        if inputOnScreen { write("\n") }
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
            guard count > 0 else { return }
            written += count
        }
    }
}
