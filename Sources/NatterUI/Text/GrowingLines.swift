/// A growing text's lines as two arrays, those that stay as they are and the last ones, made again at every frame:
/// read in place rather than copied into one array, whose copy at every frame cost more the longer the text grew.
struct GrowingLines {
    var settled: [StyledLine]
    var tail: [StyledLine] = []

    static let none = GrowingLines(settled: [])

    var count: Int { settled.count + tail.count }

    subscript(index: Int) -> StyledLine {
        index < settled.count ? settled[index] : tail[index - settled.count]
    }

    /// Appends lines `start..<end` (clamped to those there are) to `lines`.
    func append(from start: Int, upTo end: Int, to lines: inout [StyledLine]) {
        let start = max(0, start)
        let end = min(end, count)
        guard start < end else { return }
        let split = settled.count
        if start < split { lines += settled[start..<min(end, split)] }
        if end > split { lines += tail[(max(start, split) - split)..<(end - split)] }
    }
}
