import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterUI

/// The inline surface's parts (issue 32, points 1–3): the live region as frames at 40×10 and 200×60, what is
/// printed into the scrollback and when, and the painter's bytes played on a small terminal model, which must then
/// show exactly the frame, whatever came before.
@Suite struct InlineSurfaceTests {
    /// A conversation of one exchange, and a second reply still streaming `lines` lines.
    static func streaming(lines: Int) -> (App, TranscriptLayout) {
        var app = App(state: AppState(providerName: "p", model: "m"))
        app.play(question: "first question", answer: ["the first ", "answer"], provider: "p", model: "m")
        app.play(question: "second question", answer: (1...lines).map { "streamed line \($0)\n\n" }, finish: nil, provider: "p", model: "m")
        return (app, TranscriptLayout())
    }

    static func live(_ app: App, _ layout: TranscriptLayout, width: Int, height: Int) -> Frame {
        drawn(app, layout, width: width, height: height).frame
    }

    static func drawn(_ app: App, _ layout: TranscriptLayout, width: Int, height: Int) -> (frame: Frame, scrolling: Int) {
        var transcript = InlineTranscript()
        let (_, firstLive) = transcript.take(app.state, layout: layout, width: width)
        let live = app.state.pane.entries[firstLive...].flatMap { layout.lines(for: $0, width: width) }
        return LiveRegion.drawn(app.state, live: live, layouts: LayoutCaches(transcript: layout, panes: []), width: width, height: height)
    }

    static func rows(_ frame: Frame) -> [String] {
        (0..<frame.height).map { frame.text(row: $0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    @Test func theLiveRegionAt40x10HoldsTheReplysLastLineTheInputAndTheStatus() {
        let (app, layout) = Self.streaming(lines: 6)
        let frame = Self.live(app, layout, width: 40, height: 10)
        let rows = Self.rows(frame)
        #expect(frame.width == 40 && frame.height == 5, "half the terminal at most: \(rows)")
        #expect(rows[0].hasPrefix("streamed line 6"), "the reply's last line: \(rows)")
        #expect(rows[1].contains("natter") && rows[1].contains("m"), "the header: \(rows)")
        #expect(rows[2].hasPrefix("────"))
        #expect(rows[3].hasPrefix("›"))
        #expect(rows[4].contains("Esc"), "the status line says how to stop the reply: \(rows)")
        #expect(frame[2, 3].style.attributes.contains(.reverse), "the caret is a cell of its own")
    }

    @Test func theLiveRegionAt200x60HoldsTheReplysTailAndNothingPrintedAlready() {
        let (app, layout) = Self.streaming(lines: 40)
        let frame = Self.live(app, layout, width: 200, height: 60)
        let rows = Self.rows(frame)
        #expect(frame.width == 200 && frame.height == 30, "\(rows)")
        // (The header shows the session's title, the first question: it is left out.)
        let body = rows.filter { !$0.contains("natter │") }.joined()
        #expect(!body.contains("first question") && !body.contains("the first answer"), "printed, not live: \(rows)")
        let shown = rows.filter { $0.hasPrefix("streamed line") }
        #expect(shown.last == "streamed line 40▌" && shown.count >= 12, "the tail, in order: \(shown)")
        #expect(shown == (41 - shown.count...40).map { "streamed line \($0)" + ($0 == 40 ? "▌" : "") })
        #expect(rows[26].contains("natter") && rows[28].hasPrefix("›") && !rows[29].isEmpty)
    }

    @Test func aShortTerminalShowsTheInputAndStatusFirst() {
        let (app, layout) = Self.streaming(lines: 3)
        let frame = Self.live(app, layout, width: 40, height: 3)
        let rows = Self.rows(frame)
        #expect(frame.height == 3 && rows[1].hasPrefix("›") && rows[2].contains("Esc"), "\(rows)")
    }

    @Test func entriesArePrintedOnceWhenFinishedAndAChangeAgainFromWhereItIs() {
        let (started, layout) = Self.streaming(lines: 2)
        var app = started
        var transcript = InlineTranscript()
        let texts = { (lines: [StyledLine]) in lines.map { $0.map(\.text).joined() } }
        let first = transcript.take(app.state, layout: layout, width: 60)
        #expect(texts(first.lines).contains("first question") && texts(first.lines).contains("second question"))
        #expect(!texts(first.lines).contains { $0.contains("streamed line") }, "the streaming reply stays live")
        #expect(first.firstLive == app.state.pane.entries.count - 1)
        #expect(transcript.take(app.state, layout: layout, width: 60).lines.isEmpty, "nothing twice")

        _ = app.update(.session(.replyEnded(Message(
            id: app.state.pane.entries.last!.messageID!, parent: app.state.conversation.activeLeaf, role: .assistant,
            parts: [.text("streamed line 1\n\nstreamed line 2\n\n")], origin: Origin(provider: "p", model: "m"), finish: .stop))))
        let ended = transcript.take(app.state, layout: layout, width: 60)
        #expect(texts(ended.lines).contains("streamed line 2") && !texts(ended.lines).contains("first question"), "\(texts(ended.lines))")
        #expect(ended.firstLive == app.state.pane.entries.count)

        // Another branch from the second question: printed again from there, below the marker.
        app.state.pane.entries[app.state.pane.entries.count - 1].id = 999
        app.state.pane.reshapes += 1  // as App.reproject counts the entries shown again
        let again = texts(transcript.take(app.state, layout: layout, width: 60).lines)
        #expect(again.first == "── the conversation from here is now: ──" && !again.contains("first question"), "\(again)")
    }

    /// Frames painted one after another, a growing tail above a bar or rows of random heights and contents: after
    /// each, the terminal model shows the frame's rows below the rows printed above it, the cursor back at the
    /// region's top, nothing left below.
    @Test func paintedBytesShowExactlyTheFrameWhateverCameBefore() {
        var generator = SplitMix64(seed: 32)
        for _ in 0..<300 {
            let width = Int.random(in: 10...30, using: &generator)
            var terminal = TerminalModel(width: width, height: 12)
            var painter = RegionPainter()
            var writer = CellWriter(theme: .dark, colors: true)
            var printed: [String] = []
            var tail: [String] = []
            let words = ["abc", "x", "ba", "c", " "]
            func text() -> String {
                var line = ""
                for _ in 0..<Int.random(in: 0...8, using: &generator) { line += words.randomElement(using: &generator)! }
                return String(line.prefix(width))
            }
            for _ in 0..<16 {
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    let lines = (0..<Int.random(in: 1...3, using: &generator)).map { "printed \(printed.count + $0)" }
                    terminal.play(painter.print(lines))
                    printed += lines
                    painter.forget()
                    tail = []
                }
                var frame: Frame
                var scrolling = 0
                if Bool.random(using: &generator) {
                    // A reply's tail: a line grows, or lines are added, and at most 6 of them are shown above a bar.
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0 where !tail.isEmpty: tail[tail.count - 1] = String((tail[tail.count - 1] + text()).prefix(width))
                    case 1: tail += (0..<Int.random(in: 1...3, using: &generator)).map { _ in text() }
                    default: tail.append(text())
                    }
                    let shown = tail.suffix(6)
                    frame = Frame(width: width, height: shown.count + 2)
                    for (y, line) in shown.enumerated() { frame.put(line, x: 0, y: y, style: .plain) }
                    frame.put("bar \(tail.count)", x: 0, y: shown.count, style: Style(.accent))
                    frame.put(text(), x: 0, y: shown.count + 1, style: .plain)
                    scrolling = shown.count
                } else {
                    frame = Frame(width: width, height: Int.random(in: 1...6, using: &generator))
                    for y in 0..<frame.height {
                        frame.put(text(), x: 0, y: y, style: Bool.random(using: &generator) ? .plain : Style(.accent))
                    }
                    scrolling = Int.random(in: 0...frame.height, using: &generator)
                }
                let before = terminal.rows(from: terminal.cursor.y, count: 8)
                let bytes = painter.paint(frame, scrolling: scrolling, with: &writer)
                terminal.play(bytes)
                // What a failure needs to be understood: the rows before, the tail's rows, the bytes without styles.
                let context = "before \(before), scrolling \(scrolling), bytes \(bytes.replacing(/\u{1B}\[[0-9;]*m/, with: "").debugDescription)"
                let shown = terminal.rows(from: terminal.cursor.y, count: frame.height)
                let clearBelow = terminal.rowsBelow(terminal.cursor.y + frame.height).allSatisfy { $0.isEmpty }
                #expect(shown == Self.rows(frame), "the region as drawn: \(context)")
                #expect(terminal.cursor.x == 0, "parked at the region's left")
                #expect(clearBelow, "nothing left below: \(context)")
                // One wrong step spoils every later one: the first is the one to read.
                guard shown == Self.rows(frame), clearBelow else { return }
                #expect(terminal.everything().filter { $0.hasPrefix("printed") } == printed, "printed once, in order")
            }
        }
    }

    /// A token costs its own bytes and a move, not the region; a new line of a tail that fills the region is
    /// scrolled by the terminal, not written again. Played on the terminal model, the picture is still exact.
    @Test func aTokenCostsItsOwnBytes() {
        // The reply so far ends with a paragraph's gap: each token here begins one paragraph or two, the worst case
        // (the tail moves up by two rows or four, or the region grows as it does).
        for (lines, token, limit) in [(5, "more", 100), (5, "more\n\nand more", 100), (40, "more", 64), (40, "more\n\nand more", 100)] {
            let (app, layout) = Self.streaming(lines: lines)
            var painter = RegionPainter()
            var writer = CellWriter(theme: .dark, colors: true)
            var terminal = TerminalModel(width: 100, height: 30)
            let before = Self.drawn(app, layout, width: 100, height: 30)
            terminal.play(painter.paint(before.frame, scrolling: before.scrolling, with: &writer))
            var more = app
            _ = more.update(.session(.text(id: more.state.pane.entries.last!.messageID!, token)))
            let after = Self.drawn(more, layout, width: 100, height: 30)
            let bytes = painter.paint(after.frame, scrolling: after.scrolling, with: &writer)
            terminal.play(bytes)
            #expect(bytes.utf8.count < limit + token.utf8.count, "\(lines) lines, \(token.debugDescription): \(bytes.debugDescription)")
            #expect(terminal.rows(from: terminal.cursor.y, count: after.frame.height) == Self.rows(after.frame))
        }
    }
}

/// Just enough of a terminal to play the painter's bytes on: printable ASCII, CR, LF (scrolling into a history),
/// cursor up, down and forward, erase in line and below; styles are read and dropped.
struct TerminalModel {
    let width: Int
    let height: Int
    var screen: [[Character]]
    var history: [[Character]] = []
    var cursor = (x: 0, y: 0)
    private var pendingWrap = false

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        screen = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    mutating func play(_ bytes: String) {
        // By scalar: as Characters, "\r\n" would be one.
        var characters = bytes.unicodeScalars.map(Character.init)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\r":
                cursor.x = 0
                pendingWrap = false
            case "\n": lineFeed()
            case "\u{1B}":
                guard characters.popFirst() == "[" else { continue }
                var parameter = ""
                while let next = characters.popFirst() {
                    guard next.isNumber || next == ";" || next == "?" else {
                        command(next, Int(parameter) ?? 1, parameter)
                        break
                    }
                    parameter.append(next)
                }
            default:
                if pendingWrap {
                    cursor.x = 0
                    lineFeed()
                    pendingWrap = false
                }
                screen[cursor.y][cursor.x] = character
                if cursor.x == width - 1 { pendingWrap = true } else { cursor.x += 1 }
            }
        }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if cursor.y == height - 1 {
            history.append(screen.removeFirst())
            screen.append(Array(repeating: " ", count: width))
        } else {
            cursor.y += 1
        }
    }

    private mutating func command(_ final: Character, _ count: Int, _ parameter: String) {
        pendingWrap = false
        switch final {
        case "A": cursor.y = max(0, cursor.y - count)
        case "B": cursor.y = min(height - 1, cursor.y + count)
        case "C": cursor.x = min(width - 1, cursor.x + count)
        case "K":
            let from = parameter == "2" ? 0 : cursor.x
            for x in from..<width { screen[cursor.y][x] = " " }
        case "M":
            screen.removeSubrange(cursor.y..<min(height, cursor.y + count))
            screen += Array(repeating: Array(repeating: " ", count: width), count: height - screen.count)
        case "L":
            screen.insert(contentsOf: Array(repeating: Array(repeating: " ", count: width), count: count), at: cursor.y)
            screen.removeLast(screen.count - height)
        case "J":
            for x in cursor.x..<width { screen[cursor.y][x] = " " }
            for y in (cursor.y + 1)..<height { screen[y] = Array(repeating: " ", count: width) }
        default: break  // styles
        }
    }

    func rows(from top: Int, count: Int) -> [String] {
        (top..<min(height, top + count)).map { String(screen[$0]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    func rowsBelow(_ row: Int) -> [String] { row < height ? rows(from: row, count: height - row) : [] }

    func everything() -> [String] {
        (history + screen).map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }
}
