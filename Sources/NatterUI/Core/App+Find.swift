import NatterProviders
import NatterSession

/// Ctrl+F: find in this conversation. Typing restarts the search (off the UI thread); the view goes to the
/// first match at or after where it stood; Enter and ↓/↑ move through them (after Enter, n and N too), Esc
/// goes back to where the view was, and moving past the last match wraps to the first.
extension App {
    mutating func startFind() {
        state.find = FindState(returnTo: state.pane.scroll)
        if state.pane.selection != nil { select(nil) }
    }

    mutating func handleFind(_ command: FindBar.Command, _ current: FindState) -> [AppIntent] {
        var find = current
        switch FindBar.update(current, command) {
        case .cancel:
            state.pane.scroll = find.returnTo
            state.find = nil
            return [.cancelFind]
        case .done:
            state.find = nil
            return [.cancelFind]
        case .move(let step, let navigating):
            find.isNavigating = navigating
            move(&find, by: step)
        case .search(let query):
            find.query = query
            return restartFind(find)
        case .scroll(let lines, let pages):
            scrollTranscript(by: lines + pages * (viewport.height - 1))
        }
        state.find = find
        return []
    }

    private mutating func restartFind(_ find: FindState) -> [AppIntent] {
        var find = find
        find.isNavigating = false
        find.generation += 1
        find.matches = []
        find.current = nil
        let query = find.query.string
        find.isSearching = !query.trimmingCharacters(in: .whitespaces).isEmpty
        state.find = find
        guard find.isSearching else { return [.cancelFind] }
        let corpus = FindCorpus(state.pane.entries, shownFrom: topEntryIndex(of: find.returnTo))
        return [.find(query, generation: find.generation, in: corpus)]
    }

    /// The match to show while the search goes on counting the others.
    mutating func applyFirstFindMatch(generation: Int, _ match: FindMatch) {
        guard var find = state.find, find.generation == generation, find.isSearching, find.matches.isEmpty else { return }
        find.matches = [match]
        find.current = 0
        state.find = find
        show(match)
    }

    /// Results of the search for `generation`; the first shown is the first at or after the view's top.
    mutating func applyFindResults(generation: Int, _ matches: [FindMatch]) {
        guard var find = state.find, find.generation == generation else { return }
        find.isSearching = false
        find.matches = matches
        if !matches.isEmpty {
            let top = topEntryIndex(of: find.returnTo)
            find.current = matches.firstIndex { $0.entryIndex >= top } ?? 0
        }
        state.find = find
        if let current = find.current { show(find.matches[current]) }
    }

    private mutating func move(_ find: inout FindState, by delta: Int) {
        guard !find.matches.isEmpty else { return }
        let count = find.matches.count
        find.current = ((find.current ?? -delta) + delta + count) % count
        show(find.matches[find.current!])
    }

    /// Scrolls so the match's line is in view, a few lines from the top.
    private mutating func show(_ match: FindMatch) {
        let known = state.pane.entries.indices.contains(match.entryIndex) && state.pane.entries[match.entryIndex].id == match.entryID
        guard let index = known ? match.entryIndex : state.pane.entries.firstIndex(where: { $0.id == match.entryID }),
            let query = state.find?.query.string
        else { return }
        let lines = layout.lines(for: state.pane.entries[index], width: viewport.width)
        var seen = 0
        var line = 0
        for (number, styled) in lines.enumerated() {
            let found = TranscriptSearch.ranges(of: query.trimmingCharacters(in: .whitespacesAndNewlines), in: styled.map(\.text).joined()).count
            if seen + found > match.occurrence {
                line = number
                break
            }
            seen += found
        }
        state.pane.scroll = layout.normalized(
            .held(entry: index, line: max(0, line - 2)), entries: state.pane.entries, width: viewport.width, height: viewport.height)
    }

    private mutating func topEntryIndex(of position: ScrollPosition) -> Int {
        switch position {
        case .held(let entry, _): return entry
        case .following: return layout.bottomAnchor(state.pane.entries, width: viewport.width, height: viewport.height).entry
        }
    }
}
