import CNcursesw
import Foundation

/// The real terminal, through ncursesw. Every curses call in natter is in this file, and all of them run on
/// the UI thread.
public final class CursesTerminal: Terminal {
    private var lastFrame: Frame?
    private var colorPairs: [PairKey: Int16] = [:]
    private let useColor: Bool
    private var theme: Theme
    private var restored = false
    /// Focus reports were asked for: Ctrl+Z's return asks again.
    private var reportsFocus = false
    private var keyDecoder = KeyDecoder()
    /// Bytes typed before the terminal left cooked mode, still to be read (see init).
    private var typeahead = 0
    /// The style the last `put` set, within one `draw`.
    private var styleInEffect: Style?

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// - Parameter colors: false for `NO_COLOR` or a terminal without colours: attributes only.
    public init(theme: Theme, colors: Bool) {
        self.theme = theme
        setlocale(LC_ALL, "")
        TerminalRestorer.saveTerminalState()
        // Left at its default, SIGTSTP gets a handler of ncurses' own, which waits in sigsuspend for a SIGCONT
        // (for ever, deaf to SIGTERM, where the stop is discarded), and endwin() sets it to "ignore", so Ctrl+Z
        // could not stop natter at all. Ignored from the start, ncurses leaves it alone; natter stops itself
        // (ChatRunner, Ctrl+Z) with the default action put back for that moment.
        signal(SIGTSTP, SIG_IGN)
        _ = initscr()
        // ncurses starts in its "initial" state, meant for programs that mix curses with raw terminfo calls, in
        // which it flushes its output after every cursor movement: a frame went out in a write per changed run
        // (three a frame while a reply streams, each a wake-up for the terminal). Only a return from endwin()
        // ends that state, so natter makes one at once, before anything is drawn.
        endwin()
        refresh()
        raw()
        noecho()
        nonl()  // Enter arrives as CR and Ctrl+J as LF, so the two can mean send and newline
        // Keys typed before now went through the terminal's cooked mode, which turned Enter's CR into LF: they
        // are read as typed (LF back to Enter), or "hello⏎" typed during start-up became a line break.
        var pending: Int32 = 0
        if ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 { typeahead = Int(max(0, pending)) }
        keypad(natter_stdscr(), true)
        nodelay(natter_stdscr(), true)
        // No typeahead check: ncurses otherwise polls the keyboard as it draws (three times a frame while a reply
        // streams) to give up drawing for a key that waits, which saves time only on a serial line. natter reads
        // keys between frames, so a key waits at most one frame either way.
        _ = CNcursesw.typeahead(-1)
        set_escdelay(25)
        mouseinterval(0)
        _ = mousemask(Self.wheel, nil)
        useColor = colors && has_colors()
        if useColor {
            start_color()
            use_default_colors()
        }
        for (capability, key) in [("kLFT5", Key.controlLeft), ("kRIT5", .controlRight), ("kLFT3", .alt("b")), ("kRIT3", .alt("f")), ("kUP3", .altUp), ("kDN3", .altDown)] {
            let code = natter_key_code(capability)
            if code > 0 { keyDecoder.extendedCodes[code] = key }
        }
        TerminalRestorer.install()
        // Bracketed paste: a pasted block arrives between markers instead of as keystrokes.
        TerminalRestorer.write("\u{1B}[?2004h")
    }

    public var size: (width: Int, height: Int) { (Int(natter_cols()), Int(natter_lines())) }
    public var inputDescriptor: Int32 { STDIN_FILENO }

    public func resize() {
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 {
            resizeterm(Int32(window.ws_row), Int32(window.ws_col))
        }
        lastFrame = nil
        clearok(natter_stdscr(), true)
    }

    public func draw(_ frame: Frame) {
        var previous = lastFrame.flatMap { $0.width == frame.width && $0.height == frame.height ? $0 : nil }
        if previous == nil { erase() }
        // Most rows are as they were (only the streaming line changes between most frames): rows are compared
        // whole, once, and only those that changed are looked at cell by cell.
        var rows = Array(0..<frame.height)
        if let old = previous {
            rows = RowShift.changedRows(from: old, to: frame)
            if let shift = RowShift.find(from: old, to: frame, changed: rows), scroll(shift, height: frame.height) {
                let scrolled = shift.applied(to: old)
                // The scrolled rows against what the terminal shows now; the others as found.
                rows = rows.filter { !shift.region.contains($0) } + shift.region.filter { !RowShift.same(frame, $0, scrolled, $0) }
                previous = scrolled
            }
        }
        styleInEffect = nil
        for y in rows {
            var x = 0
            while x < frame.width {
                let cell = frame[x, y]
                if let previous, previous[x, y] == cell {
                    x += 1
                    continue
                }
                if !cell.grapheme.isEmpty { put(cell, x: x, y: y) }
                x += 1
            }
        }
        if let cursor = frame.cursor {
            move(Int32(cursor.y), Int32(cursor.x))
            curs_set(1)
        } else {
            curs_set(0)
        }
        wnoutrefresh(natter_stdscr())
        doupdate()
        lastFrame = frame
    }

    /// Scrolls ncurses' buffer as `shift` says; false, having scrolled nothing, when ncurses refuses.
    private func scroll(_ shift: RowShift, height: Int) -> Bool {
        // ncurses scrolls only inside a scrolling region, and only with scrolling allowed: allowed for this moment
        // alone, or a character written to the bottom-right corner would scroll the whole screen.
        let screen = natter_stdscr()
        scrollok(screen, true)
        defer {
            wsetscrreg(screen, 0, Int32(height - 1))
            scrollok(screen, false)
        }
        guard wsetscrreg(screen, Int32(shift.region.lowerBound), Int32(shift.region.upperBound - 1)) == OK else { return false }
        return wscrl(screen, Int32(shift.by)) == OK
    }

    private func put(_ cell: Frame.Cell, x: Int, y: Int) {
        // Runs of cells share a style: set the attributes only when it changes.
        if cell.style != styleInEffect {
            applyStyle(cell.style)
            styleInEffect = cell.style
        }
        // Nearly every cell is one printable ASCII character: no width tables or arrays for those.
        if let byte = cell.grapheme.ascii, byte >= 0x20, byte < 0x7F {
            var wide: (wchar_t, wchar_t) = (wchar_t(byte), 0)
            withUnsafeMutablePointer(to: &wide) {
                $0.withMemoryRebound(to: wchar_t.self, capacity: 2) { _ = mvaddwstr(Int32(y), Int32(x), $0) }
            }
            return
        }
        let expected = max(1, DisplayWidth.of(cell.text))
        var (scalars, drawn) = Self.drawable(cell.text)
        if drawn > expected {
            scalars = ["?"]
            drawn = 1
        }
        var wide = scalars.map { wchar_t(bitPattern: $0.value) } + Array(repeating: 0x20, count: expected - drawn) + [0]
        mvaddwstr(Int32(y), Int32(x), &wide)
    }

    private func applyStyle(_ style: Style) {
        var attributes = natter_a_normal()
        if style.attributes.contains(.bold) { attributes |= natter_a_bold() }
        if style.attributes.contains(.dim) { attributes |= natter_a_dim() }
        if style.attributes.contains(.italic) { attributes |= natter_a_italic() }
        if style.attributes.contains(.underline) { attributes |= natter_a_underline() }
        if style.attributes.contains(.reverse) { attributes |= natter_a_reverse() }
        // Without colours (NO_COLOR, the monochrome theme) a highlighted background is shown in reverse video
        // so that a selection stays visible.
        if style.background == .selection, !useColor || theme.color(.selection) == .terminalDefault {
            attributes |= natter_a_reverse()
        }
        let pair = useColor ? pairNumber(style) : 0
        attr_set(attributes, pair, nil)
    }

    /// What of a grapheme cluster ncurses will put in one cell, and how many cells that takes by the C
    /// library's wcwidth (which is what ncurses goes by). A ZWJ sequence or a skin-tone modifier would
    /// otherwise be drawn as several characters and spill into cells the Frame gave to something else; so
    /// the cluster is cut to its base, its zero-width marks and (for a flag) its second regional indicator.
    static func drawable(_ cluster: String) -> (scalars: [Unicode.Scalar], width: Int) {
        var scalars: [Unicode.Scalar] = []
        var width = 0
        for scalar in cluster.unicodeScalars {
            let cells = Int(natter_wcwidth(wchar_t(bitPattern: scalar.value)))
            if scalars.isEmpty {
                scalars.append(scalar)
                width = max(0, cells)
                continue
            }
            if scalar.value == 0x200D { break }
            let isSecondFlagHalf = scalars.count == 1 && (0x1F1E6...0x1F1FF).contains(scalar.value)
                && (0x1F1E6...0x1F1FF).contains(scalars[0].value)
            if cells == 0 || isSecondFlagHalf {
                scalars.append(scalar)
                width += max(0, cells)
            } else {
                break
            }
        }
        return (scalars, width)
    }

    private func pairNumber(_ style: Style) -> Int16 {
        let key = PairKey(foreground: colorNumber(theme.color(style.foreground)), background: colorNumber(theme.color(style.background)))
        if let existing = colorPairs[key] { return existing }
        let next = Int16(colorPairs.count + 1)
        guard Int32(next) < natter_color_pairs() else { return 0 }
        init_pair(next, key.foreground, key.background)
        colorPairs[key] = next
        return next
    }

    private func colorNumber(_ color: Theme.Color) -> Int16 {
        switch color {
        case .terminalDefault: return -1
        case .index(let index): return Int16(index < natter_colors() ? index : index % 8)
        case .rgb(let red, let green, let blue):
            let index = Theme.nearestIndex(red, green, blue)
            return Int16(index < natter_colors() ? index : index % 8)
        }
    }

    public func readInput() -> [TerminalInput] {
        if keyDecoder.isInPaste { return readPasteDirectly() }
        var raw: [RawKey] = []
        var character: wint_t = 0
        var pasteStart = 0  // how much of ESC [ 2 0 0 ~ the last characters were
        while true {
            let result = wget_wch(natter_stdscr(), &character)
            if result == OK {
                if typeahead > 0 {
                    typeahead -= Unicode.Scalar(UInt32(character)).map { String($0).utf8.count } ?? 1
                    if character == 10 { character = 13 }
                }
                raw.append(.character(UInt32(character)))
                // A paste begins: the rest is read in bulk from the descriptor (readPasteDirectly), not one
                // character per call, which for a 10 MB paste took many seconds. curses read no further
                // than the marker's last character, so nothing of the paste is left inside it.
                pasteStart = UInt32(character) == Self.pasteStartMarker[pasteStart] ? pasteStart + 1 : (character == 27 ? 1 : 0)
                if pasteStart == Self.pasteStartMarker.count { break }
            } else if result == KEY_CODE_YES {
                if Int32(character) == KEY_MOUSE {
                    var event = MEVENT()
                    if getmouse(&event) == OK {
                        let (x, y) = (Int(event.x), Int(event.y))
                        if event.bstate & natter_button4_pressed() != 0 { raw.append(.wheel(up: true, x: x, y: y)) }
                        if event.bstate & natter_button5_pressed() != 0 { raw.append(.wheel(up: false, x: x, y: y)) }
                        if event.bstate & natter_button1_pressed() != 0 { raw.append(.click(x: x, y: y)) }
                    }
                } else {
                    raw.append(.code(Int32(character)))
                }
            } else {
                break
            }
        }
        let decoded = keyDecoder.decode(raw)
        return keyDecoder.isInPaste ? decoded + readPasteDirectly() : decoded
    }

    private static let pasteStartMarker: [UInt32] = [27] + "[200~".unicodeScalars.map(\.value)

    private func readPasteDirectly() -> [TerminalInput] {
        var output: [TerminalInput] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while keyDecoder.isInPaste, poll(&ready, 1, 0) > 0, ready.revents & Int16(POLLIN) != 0 {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            guard count > 0 else { break }
            output += buffer.withUnsafeBufferPointer { keyDecoder.takePasted(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        }
        return output
    }

    public func suspend() {
        TerminalRestorer.write("\u{1B}[?2004l\u{1B}[?1004l")
        endwin()
    }

    public func resume() {
        TerminalRestorer.write("\u{1B}[?2004h" + (reportsFocus ? "\u{1B}[?1004h" : ""))
        refresh()
        lastFrame = nil
        clearok(natter_stdscr(), true)
    }

    /// The wheel and the first button's press. Asking for any button turns on the terminal's mouse
    /// reporting, which takes clicks from its selection anyway (Shift+drag still selects, and F12 gives the
    /// mouse back); drags and releases stay unasked for.
    private static var wheel: mmask_t { natter_button4_pressed() | natter_button5_pressed() | natter_button1_pressed() }

    public func setMouseCapture(_ captured: Bool) {
        _ = mousemask(captured ? Self.wheel : 0, nil)
    }

    public func setTheme(_ theme: Theme) {
        self.theme = theme
        colorPairs.removeAll()  // pairs are defined again, from 1, as the next frame needs them
        lastFrame = nil
    }

    public func writeControlSequence(_ sequence: String) {
        TerminalRestorer.write(sequence)
    }

    public func askForFocusReports() {
        reportsFocus = true
        TerminalRestorer.write("\u{1B}[?1004h")
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        TerminalRestorer.write("\u{1B}[?2004l\u{1B}[?1004l")
        endwin()
        TerminalRestorer.uninstall()
    }
}
