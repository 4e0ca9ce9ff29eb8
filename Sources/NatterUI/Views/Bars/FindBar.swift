import NatterProviders

/// The input row while finding in the conversation: the query, the caret, where among the matches the view
/// is, and the keys.
struct FindBar: View {
    let find: FindState
    let keymap: Keymap

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
    }

    enum Command: Equatable, Sendable {
        case cancel, done
        /// `letter`: n or N, which move only once Enter has ended typing the query (as in less).
        case next(letter: Bool), previous(letter: Bool)
        /// Typed or pasted text (one line of it).
        case erase, clear, type(String)
        case page(Int), scroll(Int)
    }

    /// n and N are bound once Enter has ended typing; before, they are letters of the query.
    static func bindings(_ keymap: Keymap, navigating: Bool) -> KeyBindings<Command> {
        KeyBindings(.find, [
            KeyBinding(keymap.keys(for: .find), .done, "done: the view stays at the match"),
            KeyBinding([.enter, .down], .next(letter: false), "next match (Enter ends typing the query)", hint: "next"),
            KeyBinding([.up], .previous(letter: false), "previous match", hint: "previous"),
        ] + (navigating ? [
            KeyBinding([.character("n")], .next(letter: true), "next / previous match, after Enter", hint: "next"),
            KeyBinding([.character("N")], .previous(letter: true), "next / previous match, after Enter", hint: "previous"),
        ] : []) + [
            KeyBinding([.backspace], .erase, "delete the query's last character"),
            KeyBinding([.control("u")], .clear, "clear the query"),
            KeyBinding([.pageUp], .page(-1), "scroll a page"),
            KeyBinding([.pageDown], .page(1), "scroll a page"),
            KeyBinding([.wheelUp], .scroll(-3), "scroll"),
            KeyBinding([.wheelDown], .scroll(3), "scroll"),
            KeyBinding([.escape, .control("c")], .cancel, "back to where the view was", hint: "back"),
        ])
    }

    static func update(_ find: FindState, _ command: Command) -> Step {
        switch command {
        case .cancel: return .cancel
        case .done: return .done
        case .next: return .move(by: 1, navigating: true)
        case .previous(let letter): return .move(by: -1, navigating: letter || find.isNavigating)
        case .erase:
            var query = find.query
            query.backspace()
            return .search(query)
        case .clear: return .search(InputBuffer())
        case .type(let text):
            var query = find.query
            query.insert(PastedText.singleLine(text))
            return .search(query)
        case .page(let pages): return .scroll(lines: 0, pages: pages)
        case .scroll(let lines): return .scroll(lines: lines, pages: 0)
        }
    }

    func render(in area: Rect, into frame: inout Frame) {
        let row = area.y
        frame.fill(Rect(x: 0, y: row, width: frame.width, height: 1), style: .plain)
        let counter = " " + find.counter + " "
        // Before Enter: Enter and ↑; after it, the letters. Esc either way.
        let keys = " " + Self.bindings(keymap, navigating: find.isNavigating).hints { command in
            switch command {
            case .next(let letter), .previous(let letter): return letter == find.isNavigating
            case .cancel, .done, .erase, .clear, .type, .page, .scroll: return true
            }
        }
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
