import NatterProviders

/// The input row while finding in the conversation: the query, the caret, where among the matches the view
/// is, and the keys.
enum FindBar {
    /// What a key does while finding (the bar's own update, beside its view): the app applies it.
    enum Step: Equatable {
        /// Esc: back to where the view was.
        case cancel
        /// Ctrl+F again: done, the view stays at the match.
        case done
        /// To the next (1) or previous (-1) match; `navigating` once Enter has ended typing the query.
        case move(by: Int, navigating: Bool)
        /// The query changed: the search starts again.
        case search(InputBuffer)
        /// The transcript scrolled by that many lines (`page` stands for the viewport's height less one).
        case scroll(lines: Int, pages: Int)
        case nothing
    }

    static func update(_ find: FindState, key: Key, keymap: Keymap) -> Step {
        switch key {
        case .escape, .control("c"): return .cancel
        case _ where keymap.action(for: key) == .find: return .done
        // Enter also ends typing the query: from then on n and N move too, as in less.
        case .enter, .down: return .move(by: 1, navigating: true)
        case .up: return .move(by: -1, navigating: find.isNavigating)
        case .character("n") where find.isNavigating: return .move(by: 1, navigating: true)
        case .character("N") where find.isNavigating: return .move(by: -1, navigating: true)
        case .backspace:
            var query = find.query
            query.backspace()
            return .search(query)
        case .control("u"): return .search(InputBuffer())
        case .character(let character):
            var query = find.query
            query.insert(String(character))
            return .search(query)
        case .pageUp: return .scroll(lines: 0, pages: -1)
        case .pageDown: return .scroll(lines: 0, pages: 1)
        case .wheelUp: return .scroll(lines: -3, pages: 0)
        case .wheelDown: return .scroll(lines: 3, pages: 0)
        default: return .nothing
        }
    }

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
