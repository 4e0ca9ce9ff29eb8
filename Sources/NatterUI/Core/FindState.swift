import Foundation
import NatterSession

/// Ctrl+F, find in this conversation: the query, the matches found so far (by a search off the UI thread,
/// replaced at each keystroke), which one is shown, and where the view was, for Esc.
public struct FindState: Sendable, Hashable {
    public var query = InputBuffer()
    public var matches: [FindMatch] = []
    /// Index into `matches` of the one the view shows.
    public var current: Int?
    /// The search for this generation of the query is still running.
    public var isSearching = false
    /// Enter was pressed: n and N move instead of typing, until the query is changed again.
    public var isNavigating = false
    /// Bumped at each change of the query: results of an older search are dropped.
    public var generation = 0
    /// Where the view stood when find began; Esc goes back there.
    public var returnTo: ScrollPosition

    public init(returnTo: ScrollPosition) {
        self.returnTo = returnTo
    }

    /// "3/17", "0/0", "…" while the first results are awaited.
    public var counter: String {
        if matches.isEmpty { return isSearching ? "…" : "0/0" }
        return "\((current ?? 0) + 1)/\(matches.count)\(isSearching ? "+" : "")"
    }
}

/// One match: the entry it is in (and where that entry was in the list searched, which saves the UI a
/// lookup while the list is unchanged), and which occurrence of the query in that entry's text it is.
public struct FindMatch: Sendable, Hashable {
    public var entryID: Int
    public var entryIndex: Int
    public var occurrence: Int
}

/// What a find searches: the entries as they were when the query changed. Handed over whole (an array
/// shared, not copied): the texts are read on the search's own thread, so a keystroke costs the UI nothing
/// however long the conversation.
public struct FindCorpus: Sendable, Hashable {
    public var entries: [TranscriptEntry]
    /// The entry at the view's top: the match shown first is the first from there.
    public var shownFrom: Int

    public init(_ entries: [TranscriptEntry], shownFrom: Int = 0) {
        self.entries = entries
        self.shownFrom = shownFrom
    }

    /// The match to show first, found before all the others are counted: the first from `shownFrom` on,
    /// else the first of all. In a long conversation the view has it in milliseconds while the count goes on.
    public func firstMatch(of query: String, shouldStop: () -> Bool) -> FindMatch? {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let start = min(max(0, shownFrom), entries.count)
        let prefilter = TranscriptSearch.findPrefilter(for: trimmed)
        for position in Array(start..<entries.count) + Array(0..<start) {
            if position % 256 == 0, shouldStop() { return nil }
            let text = Self.text(of: entries[position])
            if TranscriptSearch.mayContain(text, prefilter: prefilter), !TranscriptSearch.ranges(of: trimmed, in: text).isEmpty {
                return FindMatch(entryID: entries[position].id, entryIndex: position, occurrence: 0)
            }
        }
        return nil
    }

    /// What find reads of an entry: its reasoning and text; a piece of a long message, its own slice.
    static func text(of entry: TranscriptEntry) -> Substring {
        if let segment = entry.segment { return entry.text[segment.range] }
        return entry.reasoning.isEmpty ? Substring(entry.text) : Substring(entry.reasoning + "\n" + entry.text)
    }

    /// Every match, in order, case-insensitive and Unicode-aware like the sessions search. `shouldStop` is
    /// asked every few hundred entries: a newer keystroke ends an older search. nil when it stopped.
    public func matches(of query: String, shouldStop: () -> Bool) -> [FindMatch]? {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        var found: [FindMatch] = []
        let prefilter = TranscriptSearch.findPrefilter(for: trimmed)
        for (position, entry) in entries.enumerated() {
            if position % 256 == 0, shouldStop() { return nil }
            let text = Self.text(of: entry)
            guard TranscriptSearch.mayContain(text, prefilter: prefilter) else { continue }
            for occurrence in TranscriptSearch.ranges(of: trimmed, in: text).indices {
                found.append(FindMatch(entryID: entry.id, entryIndex: position, occurrence: occurrence))
            }
        }
        return found
    }
}
