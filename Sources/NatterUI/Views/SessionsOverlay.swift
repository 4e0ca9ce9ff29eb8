import Foundation
import NatterProviders
import NatterSession

/// Ctrl+S: the saved sessions (date, title, model, messages) filtered by title, or the hits of a search across
/// every transcript, each shown as the matching line with the match highlighted.
enum SessionsOverlay {
    /// - Parameter prompt: a question about the chosen session (rename, export, delete), asked on the hint row.
    static func draw(_ browser: BrowserState, prompt: Prompt?, into frame: inout Frame) {
        let title = browser.mode == .list ? "Sessions" : "Search all sessions"
        let area = OverlayBox.draw(title: title, width: frame.width - 2, height: frame.height - 2, into: &frame)
        guard area.height >= 3 else { return }
        let field = browser.mode == .list ? browser.filter : browser.query
        var column = frame.put(browser.mode == .list ? "filter: " : "search: ", x: area.x, y: area.y, style: Style(.muted))
        column = frame.put(TerminalText.singleLine(field.string, limit: 200), x: column, y: area.y, style: .plain, maxX: area.maxX)
        frame.cursor = (x: min(column, area.maxX - 1), y: area.y)

        let hint = browser.mode == .list
            ? "↑/↓ choose · Enter open · F2 rename · Del delete · ^E export · Tab search all · Esc close"
            : "↑/↓ choose · Enter open at the hit · Tab back to the list · Esc close"
        frame.put(hint, x: area.x, y: area.maxY - 1, style: Style(.muted), maxX: area.maxX)
        defer { if let prompt { ReviewBar.drawPrompt(prompt, into: &frame, row: area.maxY - 1, x: area.x, maxX: area.maxX) } }

        let list = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
        switch browser.mode {
        case .list: drawSessions(browser, in: list, into: &frame)
        case .search: drawHits(browser, in: list, into: &frame)
        }
    }

    private static func drawSessions(_ browser: BrowserState, in area: Rect, into frame: inout Frame) {
        let sessions = browser.filteredSessions
        if sessions.isEmpty {
            let note = browser.isLoading ? "reading the sessions…" : browser.sessions.isEmpty ? "no saved sessions yet" : "no session title matches"
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
            let name = (summary.onlyFailed ? "✖ " : "") + TerminalText.singleLine(summary.displayTitle, limit: 200)
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
