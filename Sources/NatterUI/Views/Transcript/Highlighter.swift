import NatterSession

/// Marks every occurrence of a search in a drawn row, case-insensitively, so the words that led to a
/// reviewed session stand out where they are. Works on the frame's cells: only rows on screen cost anything.
enum Highlighter {
    static func mark(_ query: String, inRow y: Int, of frame: inout Frame) {
        guard !query.isEmpty, y >= 0, y < frame.height else { return }
        var columns: [Int] = []
        var text = ""
        for x in 0..<frame.width where !frame[x, y].text.isEmpty {
            columns.append(x)
            text += frame[x, y].text
        }
        for found in TranscriptSearch.ranges(of: query, in: text) {
            let first = text.distance(from: text.startIndex, to: found.lowerBound)
            let count = text.distance(from: found.lowerBound, to: found.upperBound)
            for index in first..<min(columns.count, first + count) {
                let x = columns[index]
                frame[x, y].style = Style(.accent, background: frame[x, y].style.background, frame[x, y].style.attributes.union([.bold, .reverse]))
                if x + 1 < frame.width, frame[x + 1, y].text.isEmpty { frame[x + 1, y].style = frame[x, y].style }
            }
        }
    }
}
