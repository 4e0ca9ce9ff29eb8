import NatterProviders

/// A conversation as a tree of messages and the leaf of the branch in use (SPEC 6). A value: every operation
/// is a pure function of it, so the session, the UI and the transcript reader each hold one and agree.
public struct Conversation: Sendable, Hashable {
    /// Every message, by id.
    public private(set) var messages: [String: Message] = [:]
    /// Children of each message in the order they were added; the roots under "".
    private var children: [String: [String]] = [:]
    public private(set) var activeLeaf: String?
    /// Summaries that stand in for older turns in requests, by the last message each covers.
    public private(set) var compactions: [String: Compaction] = [:]

    public init() {}

    /// A tree from messages in the order they were made (parents before children); the leaf is the last
    /// message unless one is named.
    public init(_ messages: [Message], activeLeaf: String? = nil) {
        for message in messages { add(message) }
        if let activeLeaf, self.messages[activeLeaf] != nil { self.activeLeaf = activeLeaf }
    }

    public var count: Int { messages.count }
    public var isEmpty: Bool { messages.isEmpty }

    public subscript(id: String) -> Message? { messages[id] }

    /// Adds a message under its parent (a parent that is not in the tree makes it a root) and makes it the
    /// active leaf. A message whose id is already in the tree replaces it, keeping its place.
    public mutating func add(_ message: Message) {
        var message = message
        if let parent = message.parent, messages[parent] == nil { message.parent = nil }
        if messages[message.id] == nil { children[message.parent ?? "", default: []].append(message.id) }
        messages[message.id] = message
        activeLeaf = message.id
    }

    /// The branch from the root to `leaf` (the active leaf when nil), first message first.
    public func path(to leaf: String? = nil) -> [Message] {
        var path: [Message] = []
        var next = leaf ?? activeLeaf
        while let id = next, let message = messages[id] {
            path.append(message)
            next = message.parent
            if path.count > messages.count { break }  // a cycle only a damaged file could make
        }
        return path.reversed()
    }

    /// The messages sharing `id`'s parent, itself included, oldest first.
    public func siblings(of id: String) -> [Message] {
        guard let message = messages[id] else { return [] }
        return children(of: message.parent).compactMap { messages[$0] }
    }

    /// Where `id` stands among its siblings: (1-based position, how many).
    public func siblingPosition(of id: String) -> (index: Int, count: Int) {
        guard let message = messages[id] else { return (1, 1) }
        let ids = children(of: message.parent)
        return ((ids.firstIndex(of: id) ?? 0) + 1, max(1, ids.count))
    }

    public func children(of id: String?) -> [String] { children[id ?? "", default: []] }

    /// Makes room for a new sibling of `id`: the active leaf becomes its parent, so the next message added
    /// goes beside it. Returns that parent (nil: `id` is a first message). The old branch stays in the tree.
    @discardableResult
    public mutating func fork(at id: String) -> String? {
        let parent = messages[id]?.parent
        activeLeaf = parent
        return parent
    }

    /// A message's new content (a reply read back as it grew), its place and the active leaf unchanged.
    public mutating func replace(_ message: Message) {
        guard messages[message.id] != nil else { return }
        messages[message.id]?.parts = message.parts
        messages[message.id]?.usage = message.usage
        messages[message.id]?.finish = message.finish
        messages[message.id]?.error = message.error
    }

    /// Shows the branch through `id`: the active leaf becomes the newest message under it (following the
    /// newest child at each step), or `id` itself when nothing follows it.
    public mutating func activate(_ id: String) {
        guard messages[id] != nil else { return }
        activeLeaf = newestLeaf(under: id)
    }

    /// Sets the leaf exactly (a transcript's `active` record).
    public mutating func setActiveLeaf(_ id: String?) {
        guard id == nil || messages[id!] != nil else { return }
        activeLeaf = id
    }

    public func newestLeaf(under id: String) -> String {
        var leaf = id
        var steps = 0
        while let last = children[leaf]?.last, steps <= messages.count {
            leaf = last
            steps += 1
        }
        return leaf
    }

    /// The sibling `offset` places from `id` (wrapping), for Left/Right.
    public func sibling(of id: String, offset: Int) -> String? {
        let ids = siblings(of: id).map(\.id)
        guard let index = ids.firstIndex(of: id), ids.count > 1 else { return nil }
        return ids[((index + offset) % ids.count + ids.count) % ids.count]
    }

    /// One row per message, depth first in the order messages were added, for the tree overlay. Iterative:
    /// a 100,000-message conversation is a chain that deep. Each row knows its place among its siblings, so a
    /// listing of 100,000 siblings asks no list for a position.
    public func rows() -> [TreeRow] {
        var rows: [TreeRow] = []
        rows.reserveCapacity(messages.count)
        forEachRow { rows.append($0) }
        return rows
    }

    /// The ids on the active branch, walked up from the leaf (no array of its messages made).
    public func activePathIDs() -> Set<String> {
        var ids = Set<String>()
        var next = activeLeaf
        while let id = next, let message = messages[id], ids.insert(id).inserted { next = message.parent }
        return ids
    }

    /// `rows()` one at a time, none kept: `natter show --tree` of 200,000 messages holds no list of them.
    public func forEachRow(_ body: (TreeRow) -> Void) {
        let onPath = activePathIDs()
        struct Pending {
            var id: String, depth: Int, branchLevel: Int, siblingIndex: Int, siblingCount: Int
        }
        func pending(_ ids: [String], depth: Int, level: Int) -> [Pending] {
            // A branch point's children each go one level in; a single child stays at its parent's level.
            let level = ids.count > 1 ? level + 1 : level
            return ids.enumerated().reversed().map { Pending(id: $1, depth: depth, branchLevel: level, siblingIndex: $0 + 1, siblingCount: ids.count) }
        }
        var stack = pending(children(of: nil), depth: 0, level: -1).map { entry in
            var entry = entry
            entry.branchLevel = max(0, entry.branchLevel)
            return entry
        }
        while let entry = stack.popLast() {
            guard let message = messages[entry.id] else { continue }
            body(TreeRow(
                message: message, depth: entry.depth, branchLevel: entry.branchLevel, siblingIndex: entry.siblingIndex,
                siblingCount: entry.siblingCount, isOnActivePath: onPath.contains(entry.id), isActiveLeaf: entry.id == activeLeaf))
            stack += pending(children(of: entry.id), depth: entry.depth + 1, level: entry.branchLevel)
        }
    }

    /// A compaction of a message in the tree (one of another it replaces: a later summary of the same turns).
    public mutating func add(_ compaction: Compaction) {
        guard messages[compaction.through] != nil else { return }
        compactions[compaction.through] = compaction
    }

    public mutating func undoCompaction(_ id: String) {
        guard let through = compactions.first(where: { $0.value.id == id })?.key else { return }
        compactions[through] = nil
    }

    /// The compaction requests along `path` go by: the one covering the most of it. nil when none does.
    public func compaction(on path: [Message]) -> Compaction? {
        guard !compactions.isEmpty else { return nil }
        return path.reversed().lazy.compactMap { self.compactions[$0.id] }.first
    }

    /// How many branches there are: messages with no children.
    public var leafCount: Int { messages.keys.reduce(0) { $0 + ((children[$1]?.isEmpty ?? true) ? 1 : 0) } }
}

/// A message as the tree overlay lists it.
public struct TreeRow: Sendable, Hashable {
    public var message: Message
    public var depth: Int
    /// How many branch points lie above it: the indent of a listing that steps in only where a branch starts.
    public var branchLevel: Int
    /// Its place among its siblings (1-based) and how many there are.
    public var siblingIndex: Int
    public var siblingCount: Int
    public var isOnActivePath: Bool
    public var isActiveLeaf: Bool
}
