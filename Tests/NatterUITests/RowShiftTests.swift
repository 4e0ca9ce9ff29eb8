import Testing

@testable import NatterUI

/// Finding the rows that moved between two frames, and the old frame as the terminal shows it once they are
/// scrolled: whatever is found, the rows it moved must be the new frame's.
@Suite struct RowShiftTests {
    /// A frame of `width` columns whose rows are these texts.
    func frame(_ rows: [String], width: Int = 12) -> Frame {
        var frame = Frame(width: width, height: rows.count)
        for (y, text) in rows.enumerated() { frame.put(text, x: 0, y: y, style: .plain) }
        return frame
    }

    @Test func aReplyGrowingByALineMovesTheRowsAboveItUp() throws {
        let old = frame(["header 1", "a", "b", "c", "d", "e", "status 1"])
        let new = frame(["header 2", "b", "c", "d", "e", "f", "status 2"])
        let shift = try #require(RowShift.find(from: old, to: new))
        #expect(shift == RowShift(rows: 1..<5, by: 1))
        #expect(shift.region == 1..<6)
        let scrolled = shift.applied(to: old)
        #expect(Array(scrolled.lines[1..<5]) == ["b", "c", "d", "e"])
        // The row the scroll uncovered is unknown: the new frame's "f" is drawn there whatever it is.
        #expect((0..<12).allSatisfy { scrolled[$0, 5] == .unknown })
        #expect(scrolled.lines[0] == "header 1" && scrolled.lines[6] == "status 1")
    }

    @Test func aPageUpMovesRowsDown() throws {
        let old = frame(["h", "c", "d", "e", "f", "g", "s"])
        let new = frame(["h", "a", "b", "c", "d", "e", "s"])
        let shift = try #require(RowShift.find(from: old, to: new))
        #expect(shift == RowShift(rows: 3..<6, by: -2))
        let scrolled = shift.applied(to: old)
        #expect(Array(scrolled.lines[3..<6]) == ["c", "d", "e"])
        #expect((1..<3).allSatisfy { row in (0..<12).allSatisfy { scrolled[$0, row] == .unknown } })
    }

    @Test func nothingMovedOrTooLittleIsNoShift() {
        let old = frame(["h", "a", "b", "c", "s"])
        #expect(RowShift.find(from: old, to: old) == nil)
        #expect(RowShift.find(from: old, to: frame(["h", "a", "b", "x", "s"])) == nil)
        // Two rows moved are not worth a scroll.
        #expect(RowShift.find(from: old, to: frame(["h", "b", "c", "y", "s"])) == nil)
        #expect(RowShift.find(from: old, to: frame(["h", "a", "b", "c", "s"], width: 13)) == nil)
    }

    /// Random frames of a few distinct rows, the next made from the last by moving a block and changing some rows:
    /// any shift found moves rows that are then exactly the new frame's, within the frame, and leaves the others
    /// as they were or unknown.
    @Test func aShiftFoundIsAlwaysTheNewFramesRows() {
        var random = SystemRandomNumberGenerator()
        let texts = ["", "a", "b", "ab", "── x ──", "k1 k2", "k3 k4"]
        for _ in 0..<2000 {
            let height = Int.random(in: 4...14, using: &random)
            let oldRows = (0..<height).map { _ in texts.randomElement(using: &random)! }
            var newRows = oldRows
            let by = Int.random(in: -4...4, using: &random)
            if by != 0 {
                let moved = (0..<height).map { y in oldRows.indices.contains(y + by) ? oldRows[y + by] : "new" }
                let top = Int.random(in: 0..<height, using: &random)
                let bottom = Int.random(in: top...height, using: &random)
                newRows.replaceSubrange(top..<bottom, with: moved[top..<bottom])
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) { newRows[Int.random(in: 0..<height, using: &random)] = texts.randomElement(using: &random)! }
            let old = frame(oldRows)
            let new = frame(newRows)
            guard let shift = RowShift.find(from: old, to: new) else { continue }
            #expect(shift.region.lowerBound >= 0 && shift.region.upperBound <= height && shift.by != 0)
            let scrolled = shift.applied(to: old)
            for row in shift.rows { #expect(scrolled.text(row: row) == new.text(row: row), "\(oldRows) → \(newRows): \(shift)") }
            for row in 0..<height where !shift.region.contains(row) { #expect(scrolled.text(row: row) == old.text(row: row)) }
        }
    }
}
