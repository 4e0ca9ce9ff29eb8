/// Messages longer than `threshold` (a 50 MB pasted log is one line of 50 MB) are shown as segments of at most
/// `segmentBytes`, each its own transcript entry: the layout wraps only the entries in view, so a
/// huge message opens, scrolls and re-wraps on resize at the cost of what is on screen, and all of it can be
/// read. A segment ends after a newline or a space near its limit where there is one.
public enum LongText {
    /// Up to this a message is one entry, with markdown; past it, plain text in segments.
    public static let threshold = 256 * 1024
    /// 64 kB wraps in about 6 ms at 120 columns: a page that brings a new piece into view still makes its frame.
    public static let segmentBytes = 64 * 1024

    /// Where the text's segments are; one range (the whole text) when it is short enough.
    public static func segments(_ text: String) -> [Range<String.Index>] {
        let utf8 = text.utf8
        guard utf8.count > threshold else { return [text.startIndex..<text.endIndex] }
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex {
            guard var end = utf8.index(start, offsetBy: segmentBytes, limitedBy: utf8.endIndex), end < utf8.endIndex else {
                ranges.append(start..<text.endIndex)
                break
            }
            let floor = utf8.index(end, offsetBy: -segmentBytes / 16)
            if let newline = utf8[floor..<end].lastIndex(of: 0x0A) {
                end = utf8.index(after: newline)
            } else if let space = utf8[floor..<end].lastIndex(of: 0x20) {
                end = utf8.index(after: space)
            } else {
                while UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}
