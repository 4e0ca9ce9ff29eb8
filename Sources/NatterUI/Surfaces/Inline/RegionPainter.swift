/// Draws a small frame in place at the bottom of the terminal's normal screen (the inline surface's live region),
/// with moves relative to the region's top-left corner, where it leaves the cursor after every paint. Relative
/// moves and a cursor parked at the start of a line are what survive the terminal's own handling of the screen:
/// text printed above scrolls the region down, a resize reflows it, and the region's top line is still where the
/// cursor is. Between two frames only the cells that changed are written: a token of a streaming reply costs its
/// own bytes and a move, not the region.
struct RegionPainter {
    private var previous: Frame?

    /// The next paint draws every row, as after a resize or a return from the alternate screen.
    mutating func forget() {
        previous = nil
    }

    /// The bytes that turn what the terminal shows into `frame`.
    mutating func paint(_ frame: Frame, with writer: inout CellWriter) -> String {
        defer { previous = frame }
        guard let previous, previous.width == frame.width else { return whole(frame, with: &writer) }
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
        if frame.height > previous.height {
            move(to: max(0, previous.height - 1))
            out += String(repeating: "\r\n", count: frame.height - max(1, previous.height))
            row = frame.height - 1
        }
        for y in 0..<frame.height {
            let new = frame.cells[(y * frame.width)..<((y + 1) * frame.width)]
            let old: ArraySlice<Frame.Cell> = y < previous.height
                ? previous.cells[(y * previous.width)..<((y + 1) * previous.width)] : ArraySlice(repeating: .blank, count: frame.width)
            guard new != old, let changed = Self.changedColumns(new, old) else { continue }
            move(to: y)
            out += changed.lowerBound > 0 ? "\r\u{1B}[\(changed.lowerBound)C" : "\r"
            writer.write(new[(new.startIndex + changed.lowerBound)..<(new.startIndex + changed.upperBound)], to: &out, current: &current)
        }
        if current != nil { out += "\u{1B}[0m" }
        if frame.height < previous.height {
            // The rows the region no longer has are cleared, never left as a torn copy.
            move(to: frame.height)
            out += "\r\u{1B}[J"
        }
        move(to: 0)
        return out + "\r"
    }

    /// Every row, and anything below the region cleared (what a taller region or a reflow left there).
    private func whole(_ frame: Frame, with writer: inout CellWriter) -> String {
        var out = ""
        for y in 0..<frame.height { out += Self.lineStart(y) + writer.line(frame, row: y) }
        if frame.height > 1 { out += "\u{1B}[\(frame.height - 1)A" }
        return out + "\r"
    }

    /// Lines printed from the region's top, into the scrollback above where the region is drawn next.
    func print(_ lines: [String]) -> String {
        lines.enumerated().map { Self.lineStart($0.offset) + $0.element }.joined() + (lines.isEmpty ? "" : "\r\n")
    }

    /// The region erased, the cursor left at its top-left.
    mutating func erase() -> String {
        let rows = previous?.height ?? 1
        previous = nil
        return "\r\u{1B}[2K" + (rows > 1 ? "\u{1B}[1B\r\u{1B}[J\u{1B}[1A" : "")
    }

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
