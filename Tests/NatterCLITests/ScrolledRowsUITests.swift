import Foundation
import NatterTestSupport
import Testing

/// Rows that moved between frames reach the terminal as a scroll (`RowShift`), not drawn again: what tmux shows
/// must still be every row in its place, while a long reply streams, after it, and paged through.
@Suite(.serialized) struct ScrolledRowsUITests {
    /// The numbers of the "row N" lines on screen, top to bottom.
    static func rowNumbers(_ screen: [String]) -> [Int] {
        screen.compactMap { line in
            guard let range = line.range(of: #"row \d+"#, options: .regularExpression) else { return nil }
            return Int(line[range].dropFirst(4))
        }
    }

    /// Rows each one more than the last, with a blank line between each two (each row is a paragraph), and the
    /// header, the rule above the input and the status line where they belong.
    static func expectIntact(_ screen: [String], _ moment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let numbers = rowNumbers(screen)
        #expect(numbers.count >= 5, "\(moment): too few rows on screen: \(screen)", sourceLocation: sourceLocation)
        #expect(numbers == Array((numbers.first ?? 0)..<((numbers.first ?? 0) + numbers.count)), "\(moment): rows out of order: \(numbers)", sourceLocation: sourceLocation)
        let rows = screen.indices.filter { screen[$0].contains("row ") }
        for (above, below) in zip(rows, rows.dropFirst()) {
            #expect(below - above == 2 && screen[above + 1].trimmingCharacters(in: .whitespaces).isEmpty, "\(moment): not one blank line between rows: \(screen)", sourceLocation: sourceLocation)
        }
        #expect(screen.first?.contains("one · model-a") == true, "\(moment): the header moved: \(screen)", sourceLocation: sourceLocation)
        #expect(screen.contains { $0.hasPrefix("────") }, "\(moment): the input's rule moved: \(screen)", sourceLocation: sourceLocation)
    }

    @Test func aLongReplyScrollsUpRowByRowAndPagesBackIntact() async throws {
        let rows = (1...150).map { "row \($0)\n\n" }
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(rows), pause: .milliseconds(20)) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try ChatUITests.ask(tmux, "rows please")

        // While it streams: each frame scrolled the rows above the newest up. (Waited for as a row at or past 40
        // rather than one row, which scrolls by in a fraction of a second and a busy machine's capture can miss.)
        #expect(await tmux.wait { (Self.rowNumbers($0).last ?? 0) >= 40 })
        Self.expectIntact(tmux.screen(), "mid-stream")
        #expect(await tmux.wait(forText: "row 150"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        let end = tmux.screen()
        Self.expectIntact(end, "at the end")
        #expect(Self.rowNumbers(end).last == 150)

        // PgUp moves a page of rows down, PgDn back up: both as scrolls.
        try tmux.send("PPage")
        #expect(await tmux.wait(forText: "more below"))
        let paged = tmux.screen()
        Self.expectIntact(paged, "a page up")
        #expect((Self.rowNumbers(paged).last ?? 150) < 150)
        try tmux.send("PPage")
        #expect(await tmux.wait { Self.rowNumbers($0).first ?? 0 < Self.rowNumbers(paged).first ?? 0 })
        Self.expectIntact(tmux.screen(), "two pages up")
        try tmux.send("NPage")
        #expect(await tmux.wait { Self.rowNumbers($0) == Self.rowNumbers(paged) })
        Self.expectIntact(tmux.screen(), "a page down again")
    }
}
