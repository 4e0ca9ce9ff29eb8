import Foundation
import NatterProviders
import NatterSession

/// Ctrl+S: the saved sessions (date, title, model, messages) filtered by title, or the hits of a search across
/// every transcript, each shown as the matching line with the match highlighted.
struct SessionsOverlay: View {
    let browser: BrowserState
    /// A question about the chosen session (rename, export, delete), asked on the hint row.
    let prompt: Prompt?
    let keymap: Keymap

    /// What a command does to the browser (its own update, beside its view): the app applies it.
    enum Step: Equatable {
        /// The highlight, the filter or the mode changed.
        case browse(BrowserState)
        /// The query changed: its search starts again (the state says whether there is one to run).
        case search(BrowserState)
        case close(cancelSearch: Bool)
        /// Ask about the chosen session first.
        case ask(SessionAction, SessionSummary)
        /// Set or clear a mark of the chosen session at once (the browser shows it already).
        case mark(BrowserState, id: String, SessionMark, Bool)
        case open(id: String, focus: String?, highlight: String?)
    }

    enum Command: Equatable, Sendable {
        case close, switchMode, move(Int), top, bottom, erase, type(String), act(SessionAction), toggle(SessionMark), showArchived, open
    }

    /// The list's and the search's keys; what no binding holds is typed into the filter or the query.
    static func bindings(_ keymap: Keymap, mode: BrowserState.Mode) -> KeyBindings<Command> {
        let listing = mode == .list
        return KeyBindings(listing ? .sessions : .search, [
            KeyBinding([.up], .move(-1), "choose", hint: "choose"),
            KeyBinding([.down], .move(1), "choose", hint: "choose"),
            KeyBinding([.pageUp], .move(-10), "a page up / down"),
            KeyBinding([.pageDown], .move(10), "a page up / down"),
            KeyBinding([.home], .top, "first / last"),
            KeyBinding([.end], .bottom, "first / last"),
            KeyBinding([.enter], .open, listing ? "open it for review" : "open the session at the hit", hint: listing ? "open" : "open at the hit"),
            KeyBinding([.backspace], .erase, listing ? "delete the filter's last character (typing filters)" : "delete the query's last character"),
        ] + (listing ? [
            KeyBinding([.function(2)], .act(.rename), "rename it", hint: "rename"),
            KeyBinding([.delete], .act(.delete), "delete it (asks first)", hint: "delete"),
            KeyBinding([.control("e")], .act(.export), "export it as Markdown", hint: "export"),
            KeyBinding([.control("p")], .toggle(.pinned), "pin it (listed first, never pruned) or unpin it", hint: "pin"),
            KeyBinding([.control("a")], .toggle(.archived), "archive it (listed only among the archived) or bring it back", hint: "archive"),
            KeyBinding([.function(3)], .showArchived, "show the archived sessions, or the others again", hint: "archived"),
        ] : []) + [
            KeyBinding([.tab] + keymap.keys(for: .find), .switchMode, listing ? "search every transcript" : "back to the list",
                       hint: listing ? "search all" : "back to the list"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .sessions), .close, "close", hint: "close"),
        ])
    }

    /// The name of the list's key for `command`, for a status line.
    static func label(of command: Command, _ keymap: Keymap) -> String {
        bindings(keymap, mode: .list).list.first { $0.command == command }?.shortLabel ?? "none"
    }

    static func update(_ current: BrowserState, _ command: Command) -> Step {
        var browser = current
        let last = max(0, browser.rowCount - 1)
        switch command {
        case .close: return .close(cancelSearch: browser.isSearching)
        case .switchMode:
            browser.mode = browser.mode == .list ? .search : .list
            browser.selected = 0
            guard browser.mode == .search, !browser.query.isEmpty else { return .browse(browser) }
            browser.restartSearch()
            return .search(browser)
        case .move(let delta): browser.selected = max(0, min(last, browser.selected + delta))
        case .top: browser.selected = 0
        case .bottom: browser.selected = last
        case .erase: return edited(browser) { $0.backspace() }
        case .type(let text): return edited(browser) { $0.insert(PastedText.singleLine(text)) }
        case .act(let action):
            // Rename, delete or export the chosen session without opening it (as n, d and e do in a review).
            let sessions = browser.filteredSessions
            guard browser.mode == .list, sessions.indices.contains(browser.selected) else { break }
            return .ask(action, sessions[browser.selected])
        case .toggle(let mark):
            let sessions = browser.filteredSessions
            guard browser.mode == .list, sessions.indices.contains(browser.selected) else { break }
            let chosen = sessions[browser.selected]
            let on = !chosen.has(mark)
            guard let index = browser.sessions.firstIndex(where: { $0.id == chosen.id }) else { break }
            browser.sessions[index].set(mark, on)
            browser.sessions.sort(by: SessionStore.isListed(_:before:))
            // The highlight stays on the session where it still is in this list; an archived one leaves it.
            browser.selected = min(browser.filteredSessions.firstIndex { $0.id == chosen.id } ?? browser.selected, max(0, browser.rowCount - 1))
            return .mark(browser, id: chosen.id, mark, on)
        case .showArchived:
            guard browser.mode == .list else { break }
            browser.showsArchived.toggle()
            browser.selected = 0
        case .open:
            switch browser.mode {
            case .list:
                let sessions = browser.filteredSessions
                guard sessions.indices.contains(browser.selected) else { break }
                return .open(id: sessions[browser.selected].id, focus: nil, highlight: nil)
            case .search:
                guard browser.hits.indices.contains(browser.selected) else { break }
                let hit = browser.hits[browser.selected]
                return .open(id: hit.sessionID, focus: hit.messageID, highlight: browser.searchedQuery)
            }
        }
        return .browse(browser)
    }

    /// The filter or the query, by mode, edited: the list starts again at its first match, a search anew.
    private static func edited(_ current: BrowserState, _ change: (inout InputBuffer) -> Void) -> Step {
        var browser = current
        guard browser.mode == .search else {
            change(&browser.filter)
            browser.selected = 0
            return .browse(browser)
        }
        change(&browser.query)
        browser.restartSearch()
        return .search(browser)
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let title = browser.mode == .search ? "Search all sessions" : browser.showsArchived ? "Archived sessions" : "Sessions"
        let area = OverlayBox.draw(title: title, width: screen.width - 2, height: screen.height - 2, in: screen, into: &frame)
        guard area.height >= 3 else { return }
        let field = browser.mode == .list ? browser.filter : browser.query
        var column = frame.put(browser.mode == .list ? "filter: " : "search: ", x: area.x, y: area.y, style: Style(.muted))
        column = frame.put(TerminalText.singleLine(field.string, limit: 200), x: column, y: area.y, style: .plain, maxX: area.maxX)
        frame.cursor = (x: min(column, area.maxX - 1), y: area.y)

        frame.put(Self.bindings(keymap, mode: browser.mode).hints(), x: area.x, y: area.maxY - 1, style: Style(.muted), maxX: area.maxX)
        defer { if let prompt { PromptBar(prompt: prompt).render(in: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), into: &frame) } }

        let list = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
        switch browser.mode {
        case .list: Self.drawSessions(browser, in: list, into: &frame)
        case .search: Self.drawHits(browser, in: list, into: &frame)
        }
    }

    private static func drawSessions(_ browser: BrowserState, in area: Rect, into frame: inout Frame) {
        let sessions = browser.filteredSessions
        if sessions.isEmpty {
            let note = browser.isLoading ? "reading the sessions…"
                : browser.sessions.isEmpty ? "no saved sessions yet"
                : browser.filter.isEmpty ? (browser.showsArchived ? "no archived sessions" : "every session is archived (F3 shows them)")
                : "no session title matches"
            frame.put(note, x: area.x, y: area.y, style: Style(.muted))
            return
        }
        let first = firstVisible(selected: browser.selected, count: sessions.count, height: area.height)
        for (offset, summary) in sessions[first..<min(sessions.count, first + area.height)].enumerated() {
            let y = area.y + offset
            let isSelected = first + offset == browser.selected
            let base = isSelected ? Style(.foreground, background: .selection, [.bold]) : Style.plain
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: base) }
            let details = "\(summary.currentModel ?? "") · \(summary.messageCount) msg"
            // On a narrow screen the title comes first: the model and count only where there is room for both.
            let detailsWidth = area.width >= 60 ? min(DisplayWidth.of(details), area.width / 3) : 0
            var x = frame.put(TranscriptExport.time(summary.lastActivity), x: area.x, y: y, style: Style(.muted, background: base.background))
            x = frame.put("  ", x: x, y: y, style: base)
            let name = (summary.pinned ? "⚑ " : "") + (summary.onlyFailed ? "✖ " : "") + TerminalText.singleLine(summary.displayTitle, limit: 200)
                + (summary.isForeign ? " (not a natter transcript)" : "")
            frame.putFitting(name, x: x, y: y, style: base, maxX: area.maxX - (detailsWidth > 0 ? detailsWidth + 2 : 0))
            if detailsWidth > 0 {
                frame.put(TerminalText.singleLine(details, limit: 80), x: area.maxX - detailsWidth, y: y, style: Style(.muted, background: base.background), maxX: area.maxX)
            }
        }
    }

    private static func drawHits(_ browser: BrowserState, in area: Rect, into frame: inout Frame) {
        if browser.hits.isEmpty {
            let note = browser.searchedQuery.isEmpty ? "type to search every saved conversation"
                : browser.isSearching ? "searching…" : "no match in any session"
            frame.put(note, x: area.x, y: area.y, style: Style(.muted))
            return
        }
        let titles = Dictionary(browser.sessions.map { ($0.id, $0.displayTitle) }, uniquingKeysWith: { first, _ in first })
        let first = firstVisible(selected: browser.selected, count: browser.hits.count, height: area.height)
        for (offset, hit) in browser.hits[first..<min(browser.hits.count, first + area.height)].enumerated() {
            let y = area.y + offset
            let isSelected = first + offset == browser.selected
            let background: ColorRole = isSelected ? .selection : .background
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: Style(background: .selection)) }
            let session = TerminalText.singleLine(titles[hit.sessionID] ?? hit.sessionID, limit: 200)
            var x = frame.put(session, x: area.x, y: y, style: Style(.heading, background: background, [.bold]), maxX: area.x + area.width / 3)
            x = frame.put(hit.role == .user ? "  you: " : "  reply: ", x: x, y: y, style: Style(.muted, background: background))
            x = frame.put(TerminalText.sanitized(hit.before, keepNewlines: false), x: x, y: y, style: Style(background: background), maxX: area.maxX)
            x = frame.put(TerminalText.sanitized(hit.match, keepNewlines: false), x: x, y: y, style: Style(.accent, background: background, [.bold, .reverse]), maxX: area.maxX)
            frame.put(TerminalText.sanitized(hit.after, keepNewlines: false), x: x, y: y, style: Style(background: background), maxX: area.maxX)
        }
        if browser.isSearching {
            frame.put(" searching… ", x: area.maxX - 12, y: area.y - 1, style: Style(.muted))
        }
    }

    private static func firstVisible(selected: Int, count: Int, height: Int) -> Int {
        max(0, min(selected - height / 2, count - height))
    }
}
