import NatterProviders

/// Wrapped lines per transcript entry, cached by entry revision and width, so a frame costs what is visible
/// (plus the one entry still streaming), not the length of the conversation.
public final class TranscriptLayout {
    private struct Cached {
        var revision: Int
        var width: Int
        var lines: [StyledLine]
    }

    private var cache: [Int: Cached] = [:]

    /// The reply still streaming, styled line by line as it grows: its revision changes with every token.
    private struct Streaming {
        var id: Int
        var width: Int
        var reasoning: GrowingTextRenderer
        var body: GrowingTextRenderer
        /// As of the last frame: the entry's revision, its reasoning, its lines (changed in place from frame to
        /// frame), how many of them were reasoning, and the line the caret was on.
        var revision = -1
        var reasoningText = ""
        var lines: [StyledLine] = []
        var reasoningCount = 0
        var caretLine = 0
    }

    private var streaming: Streaming?

    public init() {}

    public func removeAll() {
        cache.removeAll()
        streaming = nil
    }

    /// Drops one entry's lines: an entry coming back into view (another branch shown) may have changed
    /// while it was away, and its revision then says nothing about the lines kept for it.
    public func forget(_ id: Int) {
        cache[id] = nil
    }

    public func lines(for entry: TranscriptEntry, width: Int) -> [StyledLine] {
        // The streaming reply keeps its own lines: a copy in the cache would make each frame's change in place a copy.
        if entry.isStreaming && entry.kind == .assistant { return renderStreaming(entry, width: width) }
        if let cached = cache[entry.id], cached.revision == entry.revision, cached.width == width {
            return cached.lines
        }
        let lines = EntryLines.render(entry, width: width)
        cache[entry.id] = Cached(revision: entry.revision, width: width, lines: lines)
        return lines
    }

    /// The lines in view: the last `height` when following, else `height` lines from the anchor. Only the
    /// entries on screen are wrapped, however long the conversation.
    public func visibleLines(_ entries: [TranscriptEntry], width: Int, height: Int, scroll: ScrollPosition) -> [StyledLine] {
        guard height > 0, !entries.isEmpty else { return [] }
        switch scroll {
        case .following:
            // From the bottom up, only the lines that fit: a long reply streaming at the bottom is not copied
            // whole at every frame.
            var collected: [ArraySlice<StyledLine>] = []
            var count = 0
            for entry in entries.reversed() {
                if count >= height { break }
                let entryLines = lines(for: entry, width: width)
                collected.append(entryLines.suffix(height - count))
                count += collected.last!.count
            }
            return Array(collected.reversed().joined())
        case .held(let anchorEntry, let anchorLine):
            var result: [StyledLine] = []
            var index = min(max(0, anchorEntry), entries.count - 1)
            var skip = max(0, anchorLine)
            while index < entries.count, result.count < height {
                let entryLines = lines(for: entries[index], width: width)
                if skip < entryLines.count { result += entryLines[skip...] }
                skip = 0
                index += 1
            }
            return Array(result.prefix(height))
        }
    }

    /// The anchor of the top line when the view follows the bottom.
    func bottomAnchor(_ entries: [TranscriptEntry], width: Int, height: Int) -> (entry: Int, line: Int) {
        var remaining = height
        var index = entries.count - 1
        while index >= 0 {
            let count = lines(for: entries[index], width: width).count
            if count >= remaining { return (index, count - remaining) }
            remaining -= count
            index -= 1
        }
        return (0, 0)
    }

    /// The position `delta` lines from `position` (negative is up), or `.following` once the view would reach
    /// the bottom. Walks only the entries between the two places.
    public func scroll(_ position: ScrollPosition, by delta: Int, entries: [TranscriptEntry], width: Int, height: Int) -> ScrollPosition {
        guard !entries.isEmpty else { return .following }
        var (index, line): (Int, Int)
        switch position {
        case .following: (index, line) = bottomAnchor(entries, width: width, height: height)
        case .held(let entry, let offset): (index, line) = (min(max(0, entry), entries.count - 1), max(0, offset))
        }
        line += delta
        while line < 0 {
            guard index > 0 else { return normalized(.held(entry: 0, line: 0), entries: entries, width: width, height: height) }
            index -= 1
            line += lines(for: entries[index], width: width).count
        }
        while index < entries.count, line >= lines(for: entries[index], width: width).count {
            line -= lines(for: entries[index], width: width).count
            index += 1
        }
        guard index < entries.count else { return .following }
        return normalized(.held(entry: index, line: line), entries: entries, width: width, height: height)
    }

    /// A held position whose view would reach the end of the transcript is the same as following it.
    public func normalized(_ position: ScrollPosition, entries: [TranscriptEntry], width: Int, height: Int) -> ScrollPosition {
        guard case .held(let entry, let line) = position, entry < entries.count else { return .following }
        var below = -line
        var index = entry
        while index < entries.count {
            below += lines(for: entries[index], width: width).count
            if below > height { return position }
            index += 1
        }
        return .following
    }

    /// The streaming reply's lines, those before its first unsettled line kept from the last frame.
    private func renderStreaming(_ entry: TranscriptEntry, width: Int) -> [StyledLine] {
        if streaming?.id != entry.id || streaming?.width != width {
            streaming = Streaming(
                id: entry.id, width: width,
                reasoning: GrowingTextRenderer(.plain(EntryLines.reasoningStyle), width: width),
                body: GrowingTextRenderer(.markdown, width: width))
        }
        if streaming!.revision == entry.revision { return streaming!.lines }
        // Lines kept: the label's place, then the reasoning's settled lines while it grows, or all of it and the
        // body's settled lines once it stays; never the caret's line of the last frame or any after it.
        var kept: Int
        if entry.reasoning != streaming!.reasoningText {
            kept = 1 + (entry.reasoning.isEmpty ? 0 : streaming!.reasoning.update(entry.reasoning))
            streaming!.body.update(entry.text)
        } else {
            kept = 1 + streaming!.reasoningCount + streaming!.body.update(entry.text)
        }
        kept = min(kept, streaming!.caretLine)
        let reasoning = entry.reasoning.isEmpty ? GrowingLines.none : streaming!.reasoning.lines
        let body = streaming!.body.lines
        // Taken out of the layout while it changes, so that the array is not shared and changes in place.
        var lines = streaming!.lines
        streaming!.lines = []
        if let caret = EntryLines.assistant(entry, reasoning: reasoning, body: body, width: width, into: &lines, keeping: kept) {
            streaming!.caretLine = caret
        } else {
            streaming!.caretLine = EntryLines.assistant(entry, reasoning: reasoning, body: body, width: width, into: &lines, keeping: 0) ?? 0
        }
        streaming!.lines = lines
        streaming!.revision = entry.revision
        streaming!.reasoningText = entry.reasoning
        streaming!.reasoningCount = reasoning.count
        return lines
    }
}

/// The layout caches a frame is drawn with: the transcript's, and one per compare pane. They remember wrapped
/// lines only; what a frame shows is a function of the state.
public struct LayoutCaches {
    public var transcript: TranscriptLayout
    public var panes: [TranscriptLayout]

    public init(transcript: TranscriptLayout, panes: [TranscriptLayout]) {
        self.transcript = transcript
        self.panes = panes
    }
}
