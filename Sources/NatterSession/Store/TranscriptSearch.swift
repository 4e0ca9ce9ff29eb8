import Foundation
import NatterProviders

/// One place a search matched: which session, which message, and the line of that message around the match.
public struct SearchHit: Sendable, Hashable {
    public var sessionID: String
    /// The message's id, on whichever branch it is: opening the hit shows that branch.
    public var messageID: String
    /// Where the message is in the file, 1 for the first: what `natter sessions --search` shows.
    public var position: Int
    public var role: Role
    /// The matched line, cut to a readable window: the text before the match, the match as written, the rest.
    public var before: String
    public var match: String
    public var after: String
}

/// Full-text search across transcripts, case-insensitive and Unicode-aware ("café" finds "Café"). It streams
/// through each file a line at a time; a cheap byte scan of the raw line for the query's longest
/// case-foldable run picks the few lines worth decoding, so 200 MB are searched without parsing 200 MB of JSON.
public struct TranscriptSearch: Sendable {
    public let query: String
    private let prefilter: [UInt8]

    /// nil for a query with nothing to look for.
    public init?(_ query: String) {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.query = trimmed
        prefilter = Self.prefilter(for: trimmed)
    }

    /// Searches the sessions in the order given and hands over each one's hits as soon as its file is done.
    /// `shouldStop` is asked between files and every few thousand lines, so a new keystroke ends an old search.
    public func run(
        in store: SessionStore, ids: [String], maxHitsPerSession: Int = 20, shouldStop: () -> Bool,
        onHits: ([SearchHit]) -> Void
    ) {
        for id in ids {
            if shouldStop() { return }
            let hits = self.hits(inFile: store.path(for: id), id: id, limit: maxHitsPerSession, shouldStop: shouldStop)
            if !hits.isEmpty { onHits(hits) }
        }
    }

    func hits(inFile path: String, id sessionID: String, limit: Int, shouldStop: () -> Bool) -> [SearchHit] {
        var hits: [SearchHit] = []
        var lines = 0
        var position = 0
        // Format 1's partial records: the reply's own record, when it comes, takes the first one's id.
        var firstPartialLine: Int?
        try? LineReader.forEachLine(path: path) { line in
            lines += 1
            if lines % 4096 == 0, shouldStop() { return false }
            let isMessage = Self.contains(line.bytes, Self.messageMarker) || Self.contains(line.bytes, Self.spacedMessageMarker)
            guard isMessage else {
                if firstPartialLine == nil, Self.contains(line.bytes, Self.partialMarker) { firstPartialLine = lines }
                return true
            }
            let partialLine = firstPartialLine
            firstPartialLine = nil
            position += 1
            guard prefilter.isEmpty || Self.containsFolded(line.bytes, prefilter) else { return true }
            guard case .message(let message)? = try? TranscriptCoding.decode(line.bytes) else { return true }
            let id = message.id.isEmpty
                ? TranscriptFormat.lineID(message.role == .assistant ? partialLine ?? lines : lines) : message.id
            let text = message.searchableText
            for range in Self.ranges(of: query, in: text) {
                hits.append(Self.hit(in: text, range: range, session: sessionID, messageID: id, position: position, role: message.role))
                if hits.count >= limit { return false }
            }
            return true
        }
        return hits
    }

    /// Every non-overlapping match, case-insensitive by Unicode's rules, in a string or a slice of one (a piece
    /// of a long message, searched without a copy).
    public static func ranges<Text: StringProtocol>(of query: String, in text: Text) -> [Range<String.Index>] where Text.Index == String.Index {
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex, let found = text.range(of: query, options: .caseInsensitive, range: start..<text.endIndex) {
            ranges.append(found)
            start = found.upperBound
        }
        return ranges
    }

    /// Whether `text` can hold a match of `query`: false when it lacks the query's longest run of characters
    /// known up to ASCII case (see `prefilter`), found by a byte scan far cheaper than Foundation's
    /// case-insensitive search, which then runs only where the run is. Ctrl+F over 100,000 messages asks
    /// this of each.
    public static func mayContain<Text: StringProtocol>(_ text: Text, prefilter needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return text.utf8.withContiguousStorageIfAvailable { containsFolded(UnsafeRawBufferPointer($0), needle) } ?? true
    }

    public static func findPrefilter(for query: String) -> [UInt8] {
        prefilter(for: query)
    }

    /// The line holding the match, trimmed to about 50 characters before it and 150 after.
    static func hit(in text: String, range: Range<String.Index>, session: String, messageID: String, position: Int, role: Role) -> SearchHit {
        let lineStart = text[..<range.lowerBound].lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex
        let lineEnd = text[range.upperBound...].firstIndex(where: \.isNewline) ?? text.endIndex
        var before = String(text[lineStart..<range.lowerBound])
        if before.count > 50 { before = "…" + before.suffix(49) }
        var after = String(text[range.upperBound..<lineEnd])
        if after.count > 150 { after = after.prefix(149) + "…" }
        return SearchHit(
            sessionID: session, messageID: messageID, position: position, role: role, before: before, match: String(text[range]), after: after)
    }

    private static let messageMarker = Array(#""type":"message""#.utf8)
    private static let spacedMessageMarker = Array(#""type": "message""#.utf8)
    private static let partialMarker = Array(#""type":"partial""#.utf8)

    /// The longest run of the query whose bytes in a JSON line are known up to ASCII case: ASCII characters
    /// other than those JSON escapes, and characters without case (CJK, digits, most symbols) as they are.
    /// A line lacking it cannot match; a query with no such run (say, "É") checks every message.
    static func prefilter(for query: String) -> [UInt8] {
        var best: [UInt8] = []
        var current: [UInt8] = []
        for character in query {
            let isUsable: Bool
            if character.isASCII {
                let value = character.asciiValue ?? 0
                isUsable = value >= 0x20 && value != 0x22 && value != 0x5C && value != 0x7F
            } else {
                isUsable = character.lowercased() == character.uppercased() && character.unicodeScalars.count == 1
            }
            if isUsable {
                current += character.isASCII ? [asciiLower(character.asciiValue!)] : Array(String(character).utf8)
                if current.count > best.count { best = current }
            } else {
                current = []
            }
        }
        return best
    }

    @inline(__always) static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Whether `needle` (ASCII already lower case) occurs in `haystack`, ignoring ASCII case.
    static func containsFolded(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return needle.withUnsafeBufferPointer { needle in
            let first = needle[0]
            let last = haystack.count - needle.count
            var index = 0
            while index <= last {
                if asciiLower(haystack[index]) == first {
                    var matched = 1
                    while matched < needle.count, asciiLower(haystack[index + matched]) == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Exact byte search: memchr finds candidates for the first byte, memcmp checks the rest.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let base = haystack.baseAddress else { return false }
        return needle.withUnsafeBytes { needle in
            let end = base + haystack.count - needle.count
            var cursor = base
            while cursor <= end {
                guard let found = memchr(cursor, Int32(needle[0]), end - cursor + 1) else { return false }
                if memcmp(found, needle.baseAddress!, needle.count) == 0 { return true }
                cursor = UnsafeRawPointer(found) + 1
            }
            return false
        }
    }
}
