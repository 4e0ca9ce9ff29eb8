import NatterProviders

/// The input row while finding in the conversation: the query, the caret, where among the matches the view
/// is, and the keys.
enum FindBar {
    static func draw(_ find: FindState, into frame: inout Frame, row: Int) {
        frame.fill(Rect(x: 0, y: row, width: frame.width, height: 1), style: .plain)
        let counter = " " + find.counter + " "
        let keys = find.isNavigating ? " n/N next/previous · Esc back" : " Enter next · ↑ previous · Esc back"
        let right = counter + keys
        let limit = max(10, frame.width - DisplayWidth.of(right))
        var x = frame.put("find: ", x: 0, y: row, style: Style(.accent, [.bold]), maxX: limit)
        let query = TerminalText.singleLine(find.query.string, limit: 300)
        let before = TerminalText.singleLine(String(find.query.text.prefix(find.query.caret)), limit: 300)
        x = frame.put(query, x: x, y: row, style: .plain, maxX: limit)
        frame.cursor = (x: min(limit - 1, 6 + DisplayWidth.of(before)), y: row)
        let counterStyle = find.matches.isEmpty && !find.isSearching && !find.query.isEmpty ? Style(.warning, [.bold]) : Style(.accent, [.bold])
        let start = max(x + 1, frame.width - DisplayWidth.of(right))
        let after = frame.put(counter, x: start, y: row, style: counterStyle)
        frame.putFitting(keys, x: after, y: row, style: Style(.muted))
    }
}
