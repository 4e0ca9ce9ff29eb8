/// Rows of the last frame found again in the next one, moved up or down together: a streaming reply that grows
/// by a line moves every line above it up a row, and PgUp moves a page of them down. Told to the terminal as a
/// scroll of those rows, only the rows that are really new are drawn; cell by cell, a reply's every new line
/// redrew the whole transcript (some 16 times a second at 200 tokens/s, each costing many frames' drawing).
struct RowShift: Equatable {
    /// Where the moved rows are in the new frame.
    var rows: Range<Int>
    /// How far they moved: up when positive (the old frame's row `y + by` is the new frame's row `y`), down when
    /// negative.
    var by: Int

    /// The rows the terminal scrolls: the moved rows and the rows they move out of.
    var region: Range<Int> {
        by > 0 ? rows.lowerBound..<(rows.upperBound + by) : (rows.lowerBound + by)..<rows.upperBound
    }

    /// The first run of at least `minimumRun` rows that changed in place but are rows of `old` moved by the same
    /// distance (at most `maxDistance`), from one of the first `triedRows` rows that changed. Nil when the frames
    /// differ in size, fewer than `minimumRun + 2` rows changed, or nothing moved.
    /// - Parameter changed: `changedRows(from: old, to: new)`, when the caller has it already.
    static func find(
        from old: Frame, to new: Frame, changed: [Int]? = nil, minimumRun: Int = 3, maxDistance: Int = 8, triedRows: Int = 4
    ) -> RowShift? {
        guard old.width == new.width, old.height == new.height, new.width > 0 else { return nil }
        let changed = changed ?? changedRows(from: old, to: new)
        // Most frames change a row or three in place (the streaming line, the status line, the header's count):
        // no scroll to look for, and looking cost more than the frame's drawing.
        guard changed.count >= minimumRun + 2 else { return nil }
        for row in changed.prefix(triedRows) {
            for distance in 1...maxDistance {
                for by in [distance, -distance] {
                    var end = row
                    while end < new.height, end + by >= 0, end + by < old.height, same(new, end, old, end + by) { end += 1 }
                    if end - row >= minimumRun { return RowShift(rows: row..<end, by: by) }
                }
            }
        }
        return nil
    }

    /// `old` as the terminal shows it after the scroll: the rows moved, and the rows the scroll left blank
    /// `Frame.Cell.unknown`, so that whatever the next frame has there is drawn.
    func applied(to old: Frame) -> Frame {
        var moved = old
        let width = old.width
        for row in rows {
            let from = (row + by) * width
            moved.replaceRow(row, with: old.cells[from..<(from + width)])
        }
        let uncovered = by > 0 ? rows.upperBound..<(rows.upperBound + by) : (rows.lowerBound + by)..<rows.lowerBound
        let unknown = Array(repeating: Frame.Cell.unknown, count: width)
        for row in uncovered { moved.replaceRow(row, with: unknown[...]) }
        return moved
    }

    /// The rows of `new` that differ from the same rows of `old` (frames of one size).
    static func changedRows(from old: Frame, to new: Frame) -> [Int] {
        (0..<new.height).filter { !same(new, $0, old, $0) }
    }

    static func same(_ a: Frame, _ rowA: Int, _ b: Frame, _ rowB: Int) -> Bool {
        let width = a.width
        return a.cells[(rowA * width)..<((rowA + 1) * width)] == b.cells[(rowB * width)..<((rowB + 1) * width)]
    }
}
