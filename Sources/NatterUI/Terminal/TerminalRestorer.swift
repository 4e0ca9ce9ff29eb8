import Foundation

/// Gives the terminal back however natter ends: a crash (SIGSEGV, SIGABRT, a fatalError), SIGTERM or SIGHUP.
/// Only async-signal-safe calls run in the handler: restoring the saved termios and writing the reset
/// sequences with write(2).
enum TerminalRestorer {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var hasSaved = false
    private static let fatalSignals: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP]
    /// Leave bracketed paste and mouse modes, cursor-key and keypad application modes (curses' keypad(),
    /// which a clean endwin() resets and a crash does not), show the cursor in the terminal's own shape (vi's modes
    /// change it), leave the alternate screen.
    nonisolated(unsafe) private static var reset = Array(
        "\u{1B}[?2004l\u{1B}[?1004l\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[?1l\u{1B}>\u{1B}[?25h\u{1B}[0 q\u{1B}[?1049l\u{1B}[0m".utf8)

    /// Plain mode's own reset (set before `install`): it took none of the full screen's modes, and on a terminal
    /// read aloud their sequences would be read as text.
    static func useReset(_ sequence: String) {
        reset = Array(sequence.utf8)
    }

    static func saveTerminalState() {
        hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
    }

    /// The handlers that were there before (Swift's backtracer): after the terminal is restored the signal
    /// goes on to them, so a crash still prints its backtrace, now onto a usable terminal.
    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]

    static func install() {
        for signalNumber in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalRestorer.emergencyRestore()
                if var earlier = TerminalRestorer.previous[number] {
                    sigaction(number, &earlier, nil)
                } else {
                    signal(number, SIG_DFL)
                }
                raise(number)
            }
            var earlier = sigaction()
            sigaction(signalNumber, &action, &earlier)
            previous[signalNumber] = earlier
        }
    }

    static func uninstall() {
        for signalNumber in fatalSignals {
            if var earlier = previous[signalNumber] { sigaction(signalNumber, &earlier, nil) }
        }
    }

    static func emergencyRestore() {
        reset.withUnsafeBufferPointer { _ = Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if hasSaved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }

    static func write(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        bytes.withUnsafeBufferPointer { _ = Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
