import Foundation
import NatterProviders

/// F3, history search (SPEC 13): what the person typed before, in every saved session and this one, newest first,
/// narrowed as they type (every word of the query, in any case); Enter puts the chosen message into the input.
struct HistoryOverlay: View {
    let search: HistorySearchState
    let keymap: Keymap

    /// What a command does to the search (its own update, beside its view).
    enum Step: Equatable {
        case close
        case show(HistorySearchState)
        case choose(String)
    }

    enum Command: Equatable, Sendable {
        /// `type`: typed or pasted text for the query.
        case move(Int), type(String), erase, clearQuery, choose, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.history, [
            KeyBinding([.up], .move(-1), "move", hint: "move"),
            KeyBinding([.down], .move(1), "move", hint: "move"),
            KeyBinding([.pageUp], .move(-10), "move a page"),
            KeyBinding([.pageDown], .move(10), "move a page"),
            KeyBinding([.enter], .choose, "put the message into the input", hint: "use"),
            KeyBinding([.backspace], .erase, "delete the query's last character (typing searches)"),
            KeyBinding([.control("u")], .clearQuery, "clear the query"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .history), .close, "close", hint: "close"),
        ])
    }

    static func update(_ search: HistorySearchState, _ command: Command) -> Step {
        var next = search
        switch command {
        case .close: return .close
        case .move(let delta):
            next.selected = max(0, min(search.shown.count - 1, search.selected + delta))
        case .type(let text):
            next.query.insert(PastedText.singleLine(text))
            next.refilter()
        case .erase:
            next.query.backspace()
            next.refilter()
        case .clearQuery:
            next.query = InputBuffer()
            next.refilter()
        case .choose:
            guard search.shown.indices.contains(search.selected) else { return .show(search) }
            return .choose(search.messages[search.shown[search.selected]])
        }
        return .show(next)
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let title = "Typed before · " + Self.bindings(keymap).hints()
        let area = OverlayBox.draw(title: title, width: min(screen.width - 4, 100), height: screen.height - 4, in: screen, into: &frame)
        guard area.height > 2 else { return }
        let count = search.loading ? "\(search.shown.count)…" : "\(search.shown.count)"
        frame.put("> " + search.query.string, x: area.x, y: area.y, style: Style(.accent), maxX: area.maxX - DisplayWidth.of(count) - 1)
        frame.put(count, x: area.maxX - DisplayWidth.of(count), y: area.y, style: Style(.muted), maxX: area.maxX)
        let listHeight = area.height - 2
        let top = max(0, min(search.selected - listHeight / 2, search.shown.count - listHeight))
        for (offset, index) in search.shown.dropFirst(top).prefix(listHeight).enumerated() {
            let y = area.y + 2 + offset
            let highlighted = top + offset == search.selected
            let style = highlighted ? Style(.foreground, background: .selection, [.bold]) : Style.plain
            if highlighted { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            frame.put(TerminalText.singleLine(search.messages[index], limit: 400), x: area.x, y: y, style: style, maxX: area.maxX)
        }
        if search.shown.isEmpty {
            let said = search.loading ? "reading the saved sessions…" : (search.messages.isEmpty ? "nothing typed yet" : "nothing typed matches")
            frame.put(said, x: area.x, y: area.y + 2, style: Style(.muted), maxX: area.maxX)
        }
    }
}

/// The history search open: the messages found so far (newest first), the query and what matches it.
public struct HistorySearchState: Sendable, Hashable {
    public var query = InputBuffer()
    /// Every message typed, newest first, each once.
    public private(set) var messages: [String] = []
    /// The messages in lower case, one after another as UTF-8, and where each starts (one more than there are
    /// messages): a query is looked for in their bytes. Asking `String.contains` of 100,000 messages took
    /// 145 ms a keystroke.
    private var corpus: [UInt8] = []
    private var starts: [Int] = [0]
    /// The places in `messages` of those the query matches, newest first.
    public private(set) var shown: [Int] = []
    public var selected = 0
    /// The saved sessions are still being read.
    public var loading = true

    public init(typedHere: [String] = []) {
        add(typedHere)
    }

    /// More messages, older than those already here; one already here is not added again.
    public mutating func add(_ more: [String]) {
        let words = self.words
        for text in more where known.insert(text).inserted {
            let place = messages.count
            messages.append(text)
            corpus += text.lowercased().utf8
            starts.append(corpus.count)
            if matches(place, words: words) { shown.append(place) }
        }
    }

    /// The query's words in lower case, as bytes.
    private var words: [[UInt8]] {
        query.string.lowercased().split(separator: " ").map { Array($0.utf8) }
    }

    /// Every word of the query is in the message.
    private func matches(_ place: Int, words: [[UInt8]]) -> Bool {
        guard !words.isEmpty else { return true }
        let (start, end) = (starts[place], starts[place + 1])
        return corpus.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[start..<end])
            return words.allSatisfy { Self.contains(text, $0) }
        }
    }

    /// Whether `word` is in `text`, by bytes: each place its first byte stands (found by `memchr`, which goes
    /// through the bytes many at a time) compared with the rest of it.
    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
        guard let first = word.first, word.count <= text.count, let base = text.baseAddress else { return word.isEmpty }
        var at = 0
        let last = text.count - word.count
        while at <= last {
            guard let found = memchr(base + at, Int32(first), last - at + 1) else { return false }
            let place = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if word.withUnsafeBufferPointer({ memcmp(base + place, $0.baseAddress!, word.count) }) == 0 { return true }
            at = place + 1
        }
        return false
    }

    /// `shown` again after the query changed: a query that only grew narrows the last result, not every message.
    mutating func refilter() {
        let words = self.words
        selected = 0
        if let previous = filteredFor, query.string.hasPrefix(previous) {
            shown = shown.filter { matches($0, words: words) }
        } else {
            shown = messages.indices.filter { matches($0, words: words) }
        }
        filteredFor = query.string
    }

    /// The query `shown` was last filtered for.
    private var filteredFor: String? = ""
    private var known = Set<String>()
}
