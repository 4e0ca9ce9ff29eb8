import Foundation
import NatterProviders

/// What the person typed, across every saved session, newest first: the history search's corpus (SPEC 13). Read
/// a session at a time from the newest, only the lines that hold a person's message decoded, each text said once.
public enum TypedHistory {
    /// As many messages as are kept: the search holds them in memory, and more than this is years of typing.
    public static let limit = 100_000

    /// Calls `found` with batches of messages, newest first (sessions by their activity, each one's messages last
    /// to first), until every session is read, `limit` is reached or `shouldStop` says so.
    public static func read(from store: SessionStore, ids: [String], shouldStop: () -> Bool, found: ([String]) -> Void) {
        var seen = Set<String>()
        var batch: [String] = []
        var lastSent = ContinuousClock.now
        var first = true
        for id in ids {
            guard !shouldStop(), seen.count < limit else { break }
            var typed: [String] = []
            try? LineReader.forEachLine(path: store.path(for: id)) { line in
                // Only a person's messages are decoded: a reply's long lines are passed over by their bytes.
                guard Self.mayBeTyped(line.bytes), case .message(let message)? = try? TranscriptCoding.decode(line.bytes), message.role == .user else {
                    return true
                }
                let text = message.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { typed.append(text) }
                return true
            }
            for text in typed.reversed() where seen.count < limit && seen.insert(text).inserted { batch.append(text) }
            // The newest session's at once (the first results), then a batch every 30 ms.
            if !batch.isEmpty, first || ContinuousClock.now - lastSent > .milliseconds(30) {
                found(batch)
                batch = []
                lastSent = ContinuousClock.now
                first = false
            }
        }
        if !batch.isEmpty, !shouldStop() { found(batch) }
    }

    private static let userRole = Array(#""role":"user""#.utf8)

    private static func mayBeTyped(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= userRole.count else { return false }
        return bytes.firstRange(of: userRole) != nil
    }
}
