/// The screen and keyboard. Only `CursesTerminal` implements it for real; everything above draws Frames.
public protocol Terminal: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// The file descriptor to wait on for input.
    var inputDescriptor: Int32 { get }
    /// Shows the frame, changing only the cells that differ from the last one.
    func draw(_ frame: Frame)
    /// Shows the state: drawn as a frame (full screen), or said as appended lines (plain mode).
    func present(_ state: AppState, layouts: LayoutCaches)
    /// Every key already typed, without waiting.
    func readInput() -> [TerminalInput]
    /// Re-reads the window size after SIGWINCH.
    func resize()
    /// Gives the terminal back (for Ctrl+Z or $EDITOR); `resume` takes it again and redraws everything.
    func suspend()
    func resume()
    /// Colours from now on; the next frame is drawn whole.
    func setTheme(_ theme: Theme)
    /// Whether natter takes the mouse (its wheel scrolls the transcript) or leaves it to the terminal (whose
    /// own selection then works).
    func setMouseCapture(_ captured: Bool)
    /// Sends a control sequence straight to the terminal (OSC 52 copy).
    func writeControlSequence(_ sequence: String)
    /// Asks the terminal to report when it gains and loses the focus (for notifications), from now until restored.
    func askForFocusReports()
    /// Puts the terminal back as it was. Safe to call more than once.
    func restore()
}

extension Terminal {
    public func present(_ state: AppState, layouts: LayoutCaches) {
        draw(Screen.render(state, layouts: layouts, width: size.width, height: size.height))
    }
}

public enum TerminalInput: Sendable, Hashable {
    case key(Key)
    /// Typed or pasted text; a bracketed paste arrives whole, newlines and all.
    case text(String)
    /// The mouse wheel, where the pointer was: compare scrolls (and focuses) the pane under it.
    case wheel(up: Bool, x: Int, y: Int)
    /// A click, where the pointer was: compare focuses the pane under it.
    case click(x: Int, y: Int)
    /// The terminal gained or lost the focus (its focus reports, CSI ?1004).
    case focus(Bool)
}
