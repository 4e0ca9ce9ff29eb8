import Foundation

/// Inline mode's terminal (`--inline`, `"screen": "inline"`; SPEC 12): no alternate screen. Each finished entry is
/// printed once into the terminal's scrollback, styled as in full screen, so that the terminal's own scrolling,
/// search, selection and copy reach the whole conversation; below it a live region (the reply while it streams, the
/// header, the input, the status line) is redrawn in place (`RegionPainter`). An overlay (the picker, sessions,
/// F1…) opens in the alternate screen and closes back to the region, leaving no trace in the scrollback. Quitting
/// leaves the conversation on screen with the shell's prompt below it.
///
/// Written with the escape sequences every terminal natter's full screen runs on understands (relative cursor moves,
/// erase in line and display, SGR, the alternate screen); a terminal that understands none of them is `TERM=dumb`,
/// which gets plain mode.
public final class InlineTerminal: Terminal {
    private var keyboard: RawKeyboard
    private var writer: CellWriter
    private var region = RegionPainter()
    /// The overlay's screen, drawn whole in the alternate screen.
    private var overlayScreen = RegionPainter()
    private var transcript = InlineTranscript()
    private var inAlternateScreen = false
    /// The state last presented, and its layouts: on the way out what it has not printed yet (a reply cut short by
    /// quitting, one that ended while a panel was open) is printed, so that it stays on screen too.
    private var last: (state: AppState, layouts: LayoutCaches)?
    private var reportsFocus = false
    private var restored = false

    /// Hides the cursor (the caret is drawn as a cell: see RegionPainter), takes the keyboard, leaves the mouse to
    /// the terminal.
    private static let setUp = "\u{1B}[?25l\u{1B}[?2004h"
    /// What any exit gives back after the region is erased (a crash erases it here, from the cursor parked at its
    /// top, keeping its first row clear of "erase below": see RegionPainter): the cursor shown in the terminal's own
    /// shape, the keyboard's modes off.
    private static let reset = "\u{1B}[0m\u{1B}[?25h\u{1B}[0 q\u{1B}[?2004l\u{1B}[?1004l"
    private static let crashReset = RegionPainter.erasure + reset

    public init(theme: Theme, colors: Bool) {
        // The C library's character widths (CellWriter.drawn) are the terminal's only in its own locale.
        setlocale(LC_ALL, "")
        keyboard = RawKeyboard(bracketedPaste: true)
        // As in full screen (CursesTerminal): a stop from outside is ignored, for natter stops itself on Ctrl+Z and
        // gives the terminal back first; stopped by a bare SIGTSTP it would leave the terminal raw.
        signal(SIGTSTP, SIG_IGN)
        writer = CellWriter(theme: theme, colors: colors)
        TerminalRestorer.saveTerminalState()
        TerminalRestorer.useReset(Self.crashReset)
        TerminalRestorer.install()
        keyboard.enterRawMode()
        TerminalOutput.write(Self.setUp)
    }

    public var size: (width: Int, height: Int) { TerminalOutput.size }
    public var inputDescriptor: Int32 { STDIN_FILENO }

    /// Inline mode draws no whole-screen frame but an overlay's: `present` decides.
    public func draw(_ frame: Frame) {}

    public func present(_ state: AppState, layouts: LayoutCaches) {
        let (width, height) = size
        last = (state, layouts)
        if state.overlay != nil {
            if !inAlternateScreen {
                inAlternateScreen = true
                overlayScreen.forget()
                TerminalRestorer.useReset("\u{1B}[?1049l" + Self.crashReset)
                TerminalOutput.write("\u{1B}[?1049h\u{1B}[H")
            }
            var frame = Screen.render(state, layouts: layouts, width: width, height: height)
            if let cursor = frame.cursor, cursor.x < width, cursor.y < height { frame[cursor.x, cursor.y].style = frame[cursor.x, cursor.y].style.with(.reverse) }
            TerminalOutput.write("\u{1B}[H" + overlayScreen.paint(frame, with: &writer))
            return
        }
        var out = ""
        if inAlternateScreen {
            // The normal screen comes back as it was, cursor and all: the region is drawn again over itself.
            inAlternateScreen = false
            TerminalRestorer.useReset(Self.crashReset)
            out += "\u{1B}[?1049l"
            region.forget()
        }
        let (printed, firstLive) = transcript.take(state, layout: layouts.transcript, width: width)
        if !printed.isEmpty {
            // From the region's top: the lines go where the region was (scrolling the screen as they need), and the
            // region is drawn again below them.
            out += region.print(writer.lines(printed, width: width))
            region.forget()
        }
        // The live entries' last lines only (the region shows at most half the terminal): a frame of a long reply
        // does not copy the whole of it.
        let live = layouts.transcript.visibleLines(Array(state.pane.entries[firstLive...]), width: width, height: height, scroll: .following)
        let drawn = LiveRegion.drawn(state, live: live, layouts: layouts, width: width, height: height)
        out += region.paint(drawn.frame, scrolling: drawn.scrolling, with: &writer)
        TerminalOutput.write(out)
    }

    /// The lines of the entries not printed yet, all of them (on the way out).
    private static func liveLines(_ state: AppState, from first: Int, layouts: LayoutCaches, width: Int) -> [StyledLine] {
        let entries = state.pane.entries
        return first < entries.count ? entries[first...].flatMap { layouts.transcript.lines(for: $0, width: width) } : []
    }

    public func readInput() -> [TerminalInput] { keyboard.read() }

    /// The cursor is at the region's top-left, on the same line of text however the terminal reflowed it: the
    /// next frame draws the region whole from there, clearing whatever the reflow left below.
    public func resize() {
        region.forget()
        overlayScreen.forget()
    }

    /// A program takes the terminal (Ctrl+Z, $EDITOR): the region is erased, so what it prints starts where the
    /// region was, and the conversation printed above stays.
    public func suspend() {
        TerminalOutput.write((inAlternateScreen ? "\u{1B}[?1049l" : "") + region.erase() + Self.reset)
        inAlternateScreen = false
        keyboard.restoreModes()
    }

    public func resume() {
        keyboard.enterRawMode()
        TerminalOutput.write(Self.setUp + (reportsFocus ? "\u{1B}[?1004h" : ""))
        region.forget()
    }

    public func setTheme(_ theme: Theme) {
        writer.setTheme(theme)
        region.forget()
        overlayScreen.forget()
    }

    /// The mouse stays the terminal's: its selection and its scrolling through the scrollback are the point of
    /// inline mode.
    public func setMouseCapture(_ captured: Bool) {}

    public func writeControlSequence(_ sequence: String) {
        TerminalOutput.write(sequence)
    }

    public func askForFocusReports() {
        reportsFocus = true
        TerminalOutput.write("\u{1B}[?1004h")
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        var out = (inAlternateScreen ? "\u{1B}[?1049l" : "") + region.erase()
        if let (state, layouts) = last {
            let width = size.width
            let (printed, firstLive) = transcript.take(state, layout: layouts.transcript, width: width)
            out += region.print(writer.lines(printed + Self.liveLines(state, from: firstLive, layouts: layouts, width: width), width: width))
        }
        TerminalOutput.write(out + Self.reset)
        keyboard.restoreModes()
        TerminalRestorer.uninstall()
    }
}
