/// Cells as the bytes a terminal draws them with, for the surface that writes its own escape sequences (inline):
/// a select-graphic-rendition sequence at each change of style, the theme's colours as the 256-colour palette as
/// curses shows them, attributes only under NO_COLOR.
struct CellWriter {
    var theme: Theme
    let colors: Bool
    /// Each style's sequence, made once: a streaming frame writes a few cells of one or two styles.
    private var sequences: [Style: String] = [:]

    init(theme: Theme, colors: Bool) {
        self.theme = theme
        self.colors = colors
    }

    mutating func setTheme(_ theme: Theme) {
        self.theme = theme
        sequences.removeAll()
    }

    /// The sequence that sets `style` from any other (it resets first, so nothing of the previous style stays).
    mutating func sequence(_ style: Style) -> String {
        if let known = sequences[style] { return known }
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.italic) { codes.append("3") }
        if style.attributes.contains(.underline) { codes.append("4") }
        // Without colours (NO_COLOR, the monochrome theme) a highlighted background is shown in reverse video, as
        // curses shows it, so that a selection stays visible.
        if style.attributes.contains(.reverse) || (style.background == .selection && (!colors || theme.color(.selection) == .terminalDefault)) {
            codes.append("7")
        }
        if colors {
            if let foreground = Self.palette(theme.color(style.foreground)) { codes.append("38;5;\(foreground)") }
            if let background = Self.palette(theme.color(style.background)) { codes.append("48;5;\(background)") }
        }
        let made = "\u{1B}[" + codes.joined(separator: ";") + "m"
        sequences[style] = made
        return made
    }

    /// The palette index of a theme colour; nil for the terminal's own.
    private static func palette(_ color: Theme.Color) -> Int? {
        switch color {
        case .terminalDefault: return nil
        case .index(let index): return min(max(0, index), 255)
        case .rgb(let red, let green, let blue): return Theme.nearestIndex(red, green, blue)
        }
    }

    /// Writes `cells` (one row's, or a run of it) to `out`, changing the style only where it changes; the right
    /// half of a wide character is the left half's, and writes nothing. `current` is the style the terminal has
    /// now (nil: unknown), and is left as the style last set.
    mutating func write(_ cells: ArraySlice<Frame.Cell>, to out: inout String, current: inout Style?) {
        for cell in cells where !cell.grapheme.isEmpty {
            if cell.style != current {
                out += sequence(cell.style)
                current = cell.style
            }
            out += Self.drawn(cell)
        }
    }

    /// A cell's cluster as the terminal will draw it in the cells the frame gave it: what of it the C library's
    /// wcwidth counts (as full screen does through curses, `CursesTerminal.drawable`), `?` for a cluster wider than
    /// its cells, spaces after one narrower. Written whole, a ZWJ sequence drawn four cells wide would push the rest
    /// of the row, or wrap it, out of the place the painter believes it is.
    static func drawn(_ cell: Frame.Cell) -> String {
        if let byte = cell.grapheme.ascii, byte >= 0x20, byte < 0x7F { return cell.text }
        let expected = max(1, DisplayWidth.of(cell.text))
        var (scalars, drawn) = CursesTerminal.drawable(cell.text)
        // A C library that knows no width for it (a locale without UTF-8) says nothing to go by: written as it is.
        if drawn == 0 { return cell.text }
        if drawn > expected || scalars.isEmpty {
            scalars = ["?"]
            drawn = 1
        }
        return String(String.UnicodeScalarView(scalars)) + String(repeating: " ", count: max(0, expected - drawn))
    }

    /// A row of a frame as a line of text to print: its cells up to the last one that shows something (a blank in
    /// the terminal's own colours is nothing), then the style reset.
    mutating func line(_ frame: Frame, row: Int) -> String {
        let cells = frame.cells[(row * frame.width)..<((row + 1) * frame.width)]
        let end = cells.lastIndex { !isEmpty($0) }.map { $0 + 1 } ?? cells.startIndex
        var out = ""
        var current: Style?
        write(cells[cells.startIndex..<end], to: &out, current: &current)
        return current == nil ? out : out + "\u{1B}[0m"
    }

    /// Styled lines laid out at `width`, as lines of text to print.
    mutating func lines(_ lines: [StyledLine], width: Int) -> [String] {
        var frame = Frame(width: width, height: 1)
        return lines.map { line in
            frame.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .plain)
            frame.put(line, x: 0, y: 0)
            return self.line(frame, row: 0)
        }
    }

    /// A cell that draws nothing the terminal's own blank would not (a theme that colours the background has no
    /// such cell: its blanks are written).
    func isEmpty(_ cell: Frame.Cell) -> Bool {
        cell.grapheme == .space && cell.style.background == .background && (!colors || theme.color(.background) == .terminalDefault)
            && cell.style.background != .selection && !cell.style.attributes.contains(.reverse) && !cell.style.attributes.contains(.underline)
    }
}
