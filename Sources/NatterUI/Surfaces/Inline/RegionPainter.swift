/// Draws a small frame in place at the bottom of the terminal's normal screen (the inline surface's live region),
/// with moves relative to the region's top-left corner, where it leaves the cursor after every paint. Relative
/// moves and a cursor parked at the start of a line are what survive the terminal's own handling of the screen:
/// text printed above scrolls the region down, a resize reflows it, and the region's top line is still where the
/// cursor is. Between two frames only the cells that changed are written: a token of a streaming reply costs its
/// own bytes and a move, not the region.
struct RegionPainter {
    /// The rows as the terminal shows them now, and how many at the top are the reply's tail (which scrolls).
    private var shown: [[Frame.Cell]]?
    private var width = 0
    private var scrollingRows = 0

    /// The next paint draws every row, as after a resize or a return from the alternate screen.
    mutating func forget() {
        shown = nil
    }

    /// The bytes that turn what the terminal shows into `frame`, whose first `scrolling` rows are the tail of a
    /// text that grows (a streaming reply): when they moved up by a line or a few, the terminal moves them (delete
    /// lines at the top, insert lines where they end) and only the new lines are written.
    mutating func paint(_ frame: Frame, scrolling: Int = 0, with writer: inout CellWriter) -> String {
        defer {
            shown = (0..<frame.height).map { Array(frame.cells[($0 * frame.width)..<(($0 + 1) * frame.width)]) }
            width = frame.width
            scrollingRows = min(scrolling, frame.height)
        }
        guard var rows = shown, width == frame.width else { return whole(frame, with: &writer) }
        let blank = Array(repeating: Frame.Cell.blank, count: frame.width)
        var out = ""
        var row = 0
        var current: Style?
        func move(to target: Int) {
            if target > row { out += "\u{1B}[\(target - row)B" }
            if target < row { out += "\u{1B}[\(row - target)A" }
            row = target
        }
        // New rows below the old ones are made by line feeds, which scroll the screen when the region reaches its
        // bottom; moving down never would.
        let oldHeight = rows.count
        if frame.height > rows.count {
            move(to: max(0, rows.count - 1))
            out += String(repeating: "\r\n", count: frame.height - max(1, rows.count))
            row = frame.height - 1
            rows += Array(repeating: blank, count: frame.height - rows.count)
        }
        // The tail moved up by `lines` rows and has `inserted` new ones at its end: the terminal deletes the rows that
        // left at the top and inserts blank ones where the tail ends (the rows pushed below the region by that are
        // blank ones: made by the line feeds above or brought up by the deletion).
        let old = scrollingRows
        if let lines = Self.scrolled(rows, tail: old, into: frame, tail: min(scrolling, frame.height)) {
            let kept = old - lines
            let inserted = min(scrolling, frame.height) - kept
            if inserted >= 0, inserted <= (frame.height - oldHeight) + lines {
                if lines > 0 {
                    move(to: 0)
                    out += "\u{1B}[\(lines)M"
                    rows.removeFirst(lines)
                    rows.append(contentsOf: Array(repeating: blank, count: lines))
                }
                if inserted > 0 {
                    move(to: kept)
                    out += "\u{1B}[\(inserted)L"
                    rows.insert(contentsOf: Array(repeating: blank, count: inserted), at: kept)
                    rows.removeLast(inserted)
                }
            }
        }
        for y in 0..<frame.height {
            let new = frame.cells[(y * frame.width)..<((y + 1) * frame.width)]
            let old = rows[y][...]
            guard new != old, let changed = Self.changedColumns(new, old) else { continue }
            move(to: y)
            out += changed.lowerBound > 0 ? "\r\u{1B}[\(changed.lowerBound)C" : "\r"
            writer.write(new[(new.startIndex + changed.lowerBound)..<(new.startIndex + changed.upperBound)], to: &out, current: &current)
        }
        if current != nil { out += "\u{1B}[0m" }
        if frame.height < rows.count {
            // The rows the region no longer has are cleared, never left as a torn copy.
            move(to: frame.height)
            out += "\r\u{1B}[J"
        }
        move(to: 0)
        return out + "\r"
    }

    /// The row of `frame` as cells.
    private static func row(_ frame: Frame, _ y: Int) -> ArraySlice<Frame.Cell> {
        frame.cells[(y * frame.width)..<((y + 1) * frame.width)]
    }

    /// How many rows (0–4) the tail's rows moved up by: the new rows are the old ones from that far down, all but
    /// the old last one, which may have grown since. Nil when that is not so (or there is too little to tell): a
    /// wrong guess would cost bytes, never the picture, since the rows are then compared as they are.
    private static func scrolled(_ rows: [[Frame.Cell]], tail old: Int, into frame: Frame, tail new: Int) -> Int? {
        guard old >= 3, new >= 1 else { return nil }
        for lines in 0...min(4, old - 2) where old - lines - 1 <= new && rows[lines][...] == row(frame, 0) {
            if (1..<(old - lines - 1)).allSatisfy({ rows[$0 + lines][...] == row(frame, $0) }) {
                // Nothing moved and nothing to make room for: the rows are only compared.
                return lines == 0 && new <= old ? nil : lines
            }
        }
        return nil
    }

    /// Every row, and anything below the region cleared (what a taller region or a reflow left there).
    private func whole(_ frame: Frame, with writer: inout CellWriter) -> String {
        var out = ""
        for y in 0..<frame.height { out += Self.lineStart(y) + writer.line(frame, row: y) }
        // (A region of one row, on a terminal too short for more, leaves below it what was there: a line feed to
        // reach the row below would scroll its only row away.)
        if frame.height > 1 { out += "\u{1B}[\(frame.height - 1)A" }
        return out + "\r"
    }

    /// Lines printed from the region's top, into the scrollback above where the region is drawn next; what the
    /// region showed below them is cleared.
    func print(_ lines: [String]) -> String {
        lines.isEmpty ? "" : lines.enumerated().map { Self.lineStart($0.offset) + $0.element }.joined() + "\r\n\u{1B}[J"
    }

    /// The region erased, however many rows it has now (after a resize nobody knows), the cursor left at its
    /// top-left: its first row cleared, then everything from the next row down, reached by a line feed (which
    /// scrolls the screen if the region's top is its last row, and the cursor goes up with it).
    mutating func erase() -> String {
        shown = nil
        return Self.erasure
    }

    static let erasure = "\r\u{1B}[2K\r\n\u{1B}[J\u{1B}[1A\r"

    /// How a line written from the region's top begins, each on a cleared row: the first clears its own row, the
    /// second everything from there down. Never "erase below" from the top row itself: with the region at the
    /// top of the screen that erases the whole screen, which tmux (`scroll-on-clear`) and other terminals answer by
    /// pushing the screen into the scrollback — a copy of the region there. Nor "erase to the end of the line"
    /// after writing a line: at the last column that erases the line's last character.
    private static func lineStart(_ index: Int) -> String {
        switch index {
        case 0: return "\r\u{1B}[2K"
        case 1: return "\r\n\u{1B}[J"
        default: return "\r\n"
        }
    }

    /// The columns from the first cell that differs to the last, widened so that no wide character is cut in two.
    static func changedColumns(_ new: ArraySlice<Frame.Cell>, _ old: ArraySlice<Frame.Cell>) -> Range<Int>? {
        let width = new.count
        let base = new.startIndex
        let oldBase = old.startIndex
        var first = 0
        while first < width, new[base + first] == old[oldBase + first] { first += 1 }
        guard first < width else { return nil }
        var last = width - 1
        while last > first, new[base + last] == old[oldBase + last] { last -= 1 }
        // The right half of a wide character is drawn by its left half.
        while first > 0, new[base + first].grapheme.isEmpty || old[oldBase + first].grapheme.isEmpty { first -= 1 }
        while last + 1 < width, new[base + last + 1].grapheme.isEmpty { last += 1 }
        return first..<(last + 1)
    }
}
