/// A transcript as shown: its entries, where the view stands, the message selected and the tool results
/// shown whole. The layout cache that goes with it is handed to `Screen` beside the state (`LayoutCaches`).
public struct PaneState: Sendable, Hashable {
    public var entries: [TranscriptEntry] = []
    /// Each message's entry id, kept across re-projections so the layout cache keeps its lines.
    public var entryIDs: [String: Int] = [:]
    public var nextEntryID = 0
    /// Counts the times `entries` was replaced or lost entries (another branch shown, a new conversation, a notice
    /// replaced), as opposed to appended to or edited in place. The surfaces that leave what they showed behind them
    /// (inline, plain) compare what they printed with the entries only after it moved, not at every frame.
    public var reshapes = 0
    public var scroll = ScrollPosition.following
    /// Message selection (Alt+↑): the selected message's id; nil when not selecting.
    public var selection: String?
    /// Tool messages whose results are shown whole (`o`); the others show 3 lines of each.
    public var unfoldedResults: Set<String> = []

    public init() {}
}

/// Where the transcript view stands: following the newest line, or held with a given line of a given entry
/// at the top. Anchoring to an entry rather than to a line number keeps scrolling a cost of what is on
/// screen: nothing above the view needs wrapping to know where the view is.
public enum ScrollPosition: Sendable, Hashable {
    case following
    case held(entry: Int, line: Int)
}
