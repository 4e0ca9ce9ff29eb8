/// What a person marks a saved session as (SPEC 14): both are records in its transcript, so a rebuilt index
/// keeps them.
public enum SessionMark: String, Sendable, Hashable, CaseIterable {
    /// Listed first, and never pruned.
    case pinned
    /// Listed only when archived sessions are asked for.
    case archived

    /// The transcript record that sets (or clears) it.
    public func record(_ on: Bool) -> TranscriptRecord {
        switch self {
        case .pinned: .pinned(on)
        case .archived: .archived(on)
        }
    }
}

extension SessionSummary {
    public func has(_ mark: SessionMark) -> Bool {
        switch mark {
        case .pinned: pinned
        case .archived: archived
        }
    }

    public mutating func set(_ mark: SessionMark, _ on: Bool) {
        switch mark {
        case .pinned: pinned = on
        case .archived: archived = on
        }
    }
}
