import NatterProviders

/// Compare mode (SPEC 9): the models the next message goes to, and the replies of the last one compared
/// while none of them is kept yet.
public struct CompareState: Sendable, Hashable {
    /// Two to four, in the order they were marked: the panes' order, left to right.
    public var origins: [Origin]
    public var round: CompareRound?

    public init(origins: [Origin]) {
        self.origins = origins
    }
}

/// One message's replies side by side, one pane each; `focused` is the pane Enter keeps and PgUp/PgDn scroll.
public struct CompareRound: Sendable, Hashable {
    /// What was asked, shown above the panes.
    public var question: String
    public var panes: [ComparePane]
    public var focused = 0

    public init(question: String, origins: [Origin]) {
        self.question = question
        panes = origins.enumerated().map { ComparePane(id: $0.offset, origin: $0.element) }
    }

    /// The pane showing reply `id`, if one does.
    func pane(showing id: String) -> Int? { panes.firstIndex { $0.replyID == id } }

    /// The pane a new reply from `origin` belongs in: its own, unless that one is still streaming another.
    func pane(for origin: Origin) -> Int? { panes.firstIndex { $0.origin == origin } }
}

/// One pane of compare: a model's reply as it streams, in a transcript pane of its own (its entry, its scroll),
/// with the figures for its header.
public struct ComparePane: Sendable, Hashable {
    /// Its place among the panes; also the index of its layout cache.
    public var id: Int
    public var origin: Origin
    /// The reply shown: the turn's latest (after tool calls, the reply that came with their results).
    public var replyID: String?
    /// One entry, the reply shown; until a reply starts, an empty one under the model's label.
    public var pane = PaneState()
    public var isStreaming = false
    public var speed: ReplySpeed?
    public var usage: Usage?

    /// The reply's entry.
    public var entry: TranscriptEntry { pane.entries.last ?? TranscriptEntry(id: 0, kind: .assistant, text: "", label: origin.shortLabel) }

    public init(id: Int, origin: Origin) {
        self.id = id
        self.origin = origin
        pane.append(TranscriptEntry(id: 0, kind: .assistant, text: "", label: origin.shortLabel))
    }

    /// "openai · gpt-5.4 · 42 tok/s · 380 tokens · $0.0012", what is known of it so far.
    public func header(now: ContinuousClock.Instant) -> String {
        var parts = [origin.shortLabel]
        if let rate = speed?.tokensPerSecond(now: isStreaming ? now : nil) { parts.append("\(Int(rate.rounded())) tok/s") }
        if let wait = speed?.noteworthyWait { parts.append("first \(ReplySpeed.seconds(wait))") }
        let tokens = usage?.outputTokens ?? speed?.tokens ?? 0
        if tokens > 0 { parts.append("\(Quantities.count(tokens)) tokens") }
        if let cost = usage?.cost { parts.append(DollarAmount.text(cost)) }
        if isStreaming { parts.append("streaming") } else if let finish = entry.finish, finish != .stop { parts.append(finish.rawValue) }
        return parts.joined(separator: " · ")
    }
}
