import NatterProviders

/// A conversation as a tree of messages and the leaf of the branch in use (SPEC 6). A value: every operation
/// is a pure function of it, so the session, the UI and the transcript reader each hold one and agree.
public struct Conversation: Sendable, Hashable {
    /// Every message in the order it was added (a transcript's file order), and where each id stands in it. An
    /// array with an index, not a dictionary of messages: the order is what a transcript's records are merged
    /// back into, and `natter show` of 500,000 messages could not afford a second copy of each.
    public private(set) var messages: [Message] = []
    private var position: [String: Int] = [:]
    /// The tree's links, by position: each message's first and last child and its next sibling (`none` when
    /// there is none), the roots as children of `roots`. Links rather than a list of children per message: a
    /// chain of 200,000 messages made 200,000 one-element arrays.
    private var firstChild: [Int] = []
    private var lastChild: [Int] = []
    private var nextSibling: [Int] = []
    private var firstRoot = Self.none
    private var lastRoot = Self.none
    private static let none = -1
    public private(set) var activeLeaf: String?
    /// Summaries that stand in for older turns in requests, by the last message each covers.
    public private(set) var compactions: [String: Compaction] = [:]

    public init() {}

    /// A tree from messages in the order they were made (parents before children); the leaf is the last
    /// message unless one is named.
    public init(_ messages: [Message], activeLeaf: String? = nil) {
        for message in messages { add(message) }
        if let activeLeaf, position[activeLeaf] != nil { self.activeLeaf = activeLeaf }
    }

    public var count: Int { messages.count }
    public var isEmpty: Bool { messages.isEmpty }

    public subscript(id: String) -> Message? { position[id].map { messages[$0] } }

    /// Where `id` stands in the order messages were added; nil when it is not in the tree.
    public func place(of id: String) -> Int? { position[id] }

    /// Adds a message under its parent (a parent that is not in the tree makes it a root) and makes it the
    /// active leaf. A message whose id is already in the tree replaces it, keeping its place and its parent:
    /// the links are made once, and a second line naming another parent (a damaged or hostile file) must not
    /// make the message's parent disagree with its parent's children.
    public mutating func add(_ message: Message) {
        var message = message
        if let parent = message.parent, position[parent] == nil { message.parent = nil }
        if let at = position[message.id] {
            message.parent = messages[at].parent
            messages[at] = message
        } else {
            let at = messages.count
            messages.append(message)
            position[message.id] = at
            firstChild.append(Self.none)
            lastChild.append(Self.none)
            nextSibling.append(Self.none)
            if let parent = message.parent.flatMap({ position[$0] }) {
                if lastChild[parent] == Self.none { firstChild[parent] = at } else { nextSibling[lastChild[parent]] = at }
                lastChild[parent] = at
            } else {
                if lastRoot == Self.none { firstRoot = at } else { nextSibling[lastRoot] = at }
                lastRoot = at
            }
        }
        activeLeaf = message.id
    }

    /// The positions of the children of the message at `parent` (the roots when nil), in the order added.
    private func childPositions(of parent: Int?) -> [Int] {
        var positions: [Int] = []
        var next = parent.map { firstChild[$0] } ?? firstRoot
        while next != Self.none {
            positions.append(next)
            next = nextSibling[next]
        }
        return positions
    }

    /// The branch from the root to `leaf` (the active leaf when nil), first message first.
    public func path(to leaf: String? = nil) -> [Message] {
        var path: [Message] = []
        var next = leaf ?? activeLeaf
        while let id = next, let message = self[id] {
            path.append(message)
            next = message.parent
            if path.count > messages.count { break }  // a cycle only a damaged file could make
        }
        return path.reversed()
    }

    /// The messages sharing `id`'s parent, itself included, oldest first.
    public func siblings(of id: String) -> [Message] {
        guard let message = self[id] else { return [] }
        return childPositions(of: message.parent.flatMap { position[$0] }).map { messages[$0] }
    }

    /// Where `id` stands among its siblings: (1-based position, how many).
    public func siblingPosition(of id: String) -> (index: Int, count: Int) {
        guard let at = position[id] else { return (1, 1) }
        let positions = childPositions(of: messages[at].parent.flatMap { position[$0] })
        return ((positions.firstIndex(of: at) ?? 0) + 1, max(1, positions.count))
    }

    public func children(of id: String?) -> [String] {
        if let id, position[id] == nil { return [] }
        return childPositions(of: id.flatMap { position[$0] }).map { messages[$0].id }
    }

    /// Makes room for a new sibling of `id`: the active leaf becomes its parent, so the next message added
    /// goes beside it. Returns that parent (nil: `id` is a first message). The old branch stays in the tree.
    @discardableResult
    public mutating func fork(at id: String) -> String? {
        let parent = self[id]?.parent
        activeLeaf = parent
        return parent
    }

    /// A message's new content (a reply read back as it grew), its place and the active leaf unchanged.
    public mutating func replace(_ message: Message) {
        guard let at = position[message.id] else { return }
        messages[at].parts = message.parts
        messages[at].usage = message.usage
        messages[at].finish = message.finish
        messages[at].error = message.error
    }

    /// Shows the branch through `id`: the active leaf becomes the newest message under it (following the
    /// newest child at each step), or `id` itself when nothing follows it.
    public mutating func activate(_ id: String) {
        guard position[id] != nil else { return }
        activeLeaf = newestLeaf(under: id)
    }

    /// Sets the leaf exactly (a transcript's `active` record).
    public mutating func setActiveLeaf(_ id: String?) {
        guard id == nil || position[id!] != nil else { return }
        activeLeaf = id
    }

    public func newestLeaf(under id: String) -> String {
        guard var at = position[id] else { return id }
        var steps = 0
        while lastChild[at] != Self.none, steps <= messages.count {
            at = lastChild[at]
            steps += 1
        }
        return messages[at].id
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
        while let id = next, let message = self[id], ids.insert(id).inserted { next = message.parent }
        return ids
    }

    /// The first message on the active branch that `matches`, found walking up from the leaf: no array of the
    /// branch is made (a title from a 200,000-message chain's first question).
    public func firstOnActiveBranch(where matches: (Message) -> Bool) -> Message? {
        var found: Message?
        var next = activeLeaf
        var steps = 0
        while let id = next, let message = self[id], steps <= messages.count {
            if matches(message) { found = message }
            next = message.parent
            steps += 1
        }
        return found
    }

    /// `rows()` one at a time, none kept: `natter show --tree` of 200,000 messages holds no list of them.
    public func forEachRow(_ body: (TreeRow) -> Void) {
        let onPath = activePathIDs()
        struct Pending {
            var at: Int, depth: Int, branchLevel: Int, siblingIndex: Int, siblingCount: Int
        }
        var stack: [Pending] = []
        func push(childrenOf parent: Int?, depth: Int, level: Int) {
            let positions = childPositions(of: parent)
            // A branch point's children each go one level in; a single child stays at its parent's level.
            let level = positions.count > 1 ? level + 1 : level
            for (index, at) in positions.enumerated().reversed() {
                stack.append(Pending(at: at, depth: depth, branchLevel: max(0, level), siblingIndex: index + 1, siblingCount: positions.count))
            }
        }
        push(childrenOf: nil, depth: 0, level: -1)
        while let entry = stack.popLast() {
            let message = messages[entry.at]
            body(TreeRow(
                message: message, depth: entry.depth, branchLevel: entry.branchLevel, siblingIndex: entry.siblingIndex,
                siblingCount: entry.siblingCount, isOnActivePath: onPath.contains(message.id), isActiveLeaf: message.id == activeLeaf))
            push(childrenOf: entry.at, depth: entry.depth + 1, level: entry.branchLevel)
        }
    }

    /// A compaction of a message in the tree (one of another it replaces: a later summary of the same turns).
    public mutating func add(_ compaction: Compaction) {
        guard position[compaction.through] != nil else { return }
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
    public var leafCount: Int { firstChild.reduce(0) { $0 + ($1 == Self.none ? 1 : 0) } }
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
