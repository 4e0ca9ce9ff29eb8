import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keyboard without curses, for the surfaces that do not take the whole screen (inline and plain): the
/// terminal in raw mode, its bytes read as they come and decoded into keys and text.
struct RawKeyboard {
    private var saved = termios()
    private(set) var hasSaved = false
    /// Bracketed paste, so that a pasted line end is not Enter; not on a dumb terminal, which would show the
    /// sequence as text.
    let bracketedPaste: Bool
    private var decoder = KeyDecoder()
    /// Bytes of a character or sequence a read cut in two, kept for the next read.
    private var carried: [UInt8] = []
    /// Bytes typed before natter took the keyboard, still to be read: the terminal's cooked mode turned their
    /// Enter into a line feed, which is Enter again here (as CursesTerminal does).
    private var typeahead = 0

    init(bracketedPaste: Bool) {
        self.bracketedPaste = bracketedPaste
        // Saved before any change: a crash gives this state back, not the raw one.
        hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
        var pending: Int32 = 0
        if ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 { typeahead = Int(max(0, pending)) }
    }

    /// Keys one at a time and not echoed by the terminal (natter draws what is typed itself); Ctrl+C and Ctrl+Z
    /// arrive as keys, as in full screen, so that Ctrl+C cancels a reply before it quits. Output is processed as
    /// usual (a line end is CR LF).
    func enterRawMode() {
        guard hasSaved else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        if bracketedPaste { TerminalOutput.write("\u{1B}[?2004h") }
    }

    /// The terminal's modes as they were before natter.
    func restoreModes() {
        var saved = saved
        if hasSaved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }

    /// Every key already typed, without waiting: asked after every wake-up, keys or not, so only what is there is
    /// read (the runner must not block here).
    mutating func read() -> [TerminalInput] {
        var ready = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        guard poll(&ready, 1, 0) > 0, ready[0].revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var count = Foundation.read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else { return [] }
        // A read that ends in ESC is the Escape key, or the start of a sequence whose rest is on its way (an arrow
        // over a slow link): its rest is waited for a moment, as curses waits ESCDELAY (25 ms) for it.
        if buffer[count - 1] == 0x1B, count < buffer.count, poll(&ready, 1, 25) > 0, ready[0].revents & Int16(POLLIN) != 0 {
            let more = buffer.withUnsafeMutableBufferPointer { Foundation.read(STDIN_FILENO, $0.baseAddress! + count, $0.count - count) }
            if more > 0 { count += more }
        }
        if typeahead > 0 {
            for index in 0..<min(typeahead, count) where buffer[index] == 0x0A { buffer[index] = 0x0D }
            typeahead -= min(typeahead, count)
        }
        var bytes = carried + buffer[..<count]
        // A character or an escape sequence cut by the read's end waits for the rest of it.
        carried = Self.incompleteSequence(of: bytes) ?? Self.incompleteTail(of: bytes)
        bytes.removeLast(carried.count)
        // Without bracketed paste (a dumb terminal), several lines in one read are a paste, not Enter after Enter.
        if !bracketedPaste, bytes.count > 1, bytes.dropLast().contains(13) {
            return [.text(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r", with: "\n"))]
        }
        return decoder.decode(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { RawKey.character($0.value) })
    }

    /// The bytes at the end of `bytes` that begin a CSI sequence (an arrow, a function key) not yet complete: ESC [
    /// and parameters with no final byte yet. A lone ESC at the end (waited on in `read`) is the Escape key, and is
    /// not held.
    static func incompleteSequence(of bytes: [UInt8]) -> [UInt8]? {
        guard let escape = bytes.suffix(16).lastIndex(of: 0x1B), escape + 1 < bytes.count, bytes[escape + 1] == 0x5B else { return nil }
        let rest = bytes[(escape + 2)...]
        // Parameter and intermediate bytes only (0x20–0x3F): the final byte (0x40–0x7E) has not come.
        guard rest.allSatisfy({ (0x20...0x3F).contains($0) }) else { return nil }
        // (A bracketed paste's opening, ESC [ 200 ~, cut before its "~" is held the same way.)
        return Array(bytes[escape...])
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
}

/// Writes to the terminal whole, whatever the descriptor does: a full non-blocking terminal is waited for, not
/// spun on, and a signal's interruption is taken up again.
enum TerminalOutput {
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBufferPointer { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN {
                var ready = [pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)]
                _ = poll(&ready, 1, 1000)
                continue
            }
            guard count > 0 else { return }
            written += count
        }
    }

    /// Columns and rows of the terminal on standard output; 80×24 when it says nothing.
    static var size: (width: Int, height: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }
}
