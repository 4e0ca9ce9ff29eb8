import Testing

@testable import NatterUI

/// What plain mode says of the conversation as the state changes (issue 32, point 4): each entry once; a change
/// above what was said says it again only from the first entry that differs, under a marker.
@Suite struct PlainTranscriptTests {
    static func entry(_ id: Int, _ kind: TranscriptEntry.Kind, _ text: String) -> TranscriptEntry {
        TranscriptEntry(id: id, kind: kind, text: text, label: kind == .assistant ? "p · m" : "You")
    }

    @Test func eachEntryOnceAndAChangeSaidFromWhereItIs() {
        var state = AppState(providerName: "p", model: "m")
        state.pane.entries = [Self.entry(1, .user, "one"), Self.entry(2, .assistant, "first reply"), Self.entry(3, .user, "two")]
        var transcript = PlainTranscript()
        #expect(transcript.lines(for: state) == ["", "You:", "one", "", "Assistant, p · m:", "first reply", "reply finished", "", "You:", "two"])
        #expect(transcript.lines(for: state) == [], "nothing twice")
        state.pane.entries[2] = Self.entry(4, .user, "two, edited")
        state.pane.reshapes += 1  // as App.reproject counts the entries shown again
        #expect(transcript.lines(for: state) == ["", "— the conversation from here is now: —", "", "You:", "two, edited"])
    }

    @Test func aStreamingReplyIsSaidAsItsLinesComplete() {
        var state = AppState(providerName: "p", model: "m")
        var reply = Self.entry(1, .assistant, "Hello")
        reply.isStreaming = true
        state.pane.entries = [reply]
        var transcript = PlainTranscript()
        #expect(transcript.lines(for: state) == ["", "Assistant, p · m:"])
        state.pane.entries[0].text = "Hello there\nsecond"
        #expect(transcript.lines(for: state) == ["Hello there"])
        state.pane.entries[0].isStreaming = false
        state.pane.entries[0].finish = .cancelled
        #expect(transcript.lines(for: state) == ["second", "reply cancelled"])
    }

    /// Compare's replies: each said whole once it has ended, never while its lines would interleave with another's;
    /// the focus said as it moves.
    @Test func comparedRepliesAreSaidWholeOnceEnded() {
        let (app, _) = CompareFrameTests.compared(2, streaming: 1)
        var transcript = PlainTranscript()
        let first = transcript.lines(for: app.state)
        #expect(!first.contains { $0.hasPrefix("Reply 1 of 2") }, "the first is still streaming: \(first)")
        #expect(first.contains { $0.hasPrefix("Reply 2 of 2") }, "\(first)")
        #expect(first.contains { $0.hasPrefix("focused: reply 1 of 2") }, "\(first)")
        var moved = app
        _ = moved.update(.key(.right))
        #expect(transcript.lines(for: moved.state).contains { $0.hasPrefix("focused: reply 2 of 2") })
        #expect(transcript.lines(for: moved.state).isEmpty, "nothing twice")
    }

    /// A reply that streamed whole and, once ended, became pieces (a message over 256 kB) is not said again; a long
    /// message that was never said is said piece by piece under one heading.
    @Test func aLongMessagesPiecesAreSaidOnce() {
        let text = "first line\nsecond line\nthird line"
        let cut = text.firstIndex(of: "s")!
        let middle = text.firstIndex(of: "t")!
        func piece(_ id: Int, _ range: Range<String.Index>, _ index: Int) -> TranscriptEntry {
            var entry = Self.entry(id, .assistant, text)
            entry.messageID = "m"
            entry.segment = Segment(range: range, index: index, count: 3)
            return entry
        }
        var state = AppState(providerName: "p", model: "m")
        var streamed = Self.entry(1, .assistant, text)
        streamed.messageID = "m"
        streamed.isStreaming = true
        state.pane.entries = [streamed]
        var transcript = PlainTranscript()
        #expect(transcript.lines(for: state) == ["", "Assistant, p · m:", "first line", "second line"])
        state.pane.entries = [piece(1, text.startIndex..<cut, 0), piece(2, cut..<middle, 1), piece(3, middle..<text.endIndex, 2)]
        state.pane.reshapes += 1
        #expect(transcript.lines(for: state) == ["third line", "reply finished"], "the rest, once")

        var fresh = PlainTranscript()
        #expect(fresh.lines(for: state) == ["", "Assistant, p · m:", "first line", "second line", "third line", "reply finished"])
    }

    /// The reply kept from compare, said whole when it ended there, is said as kept, not again.
    @Test func theReplyKeptFromCompareIsNotSaidAgain() {
        var (app, _) = CompareFrameTests.compared(2)
        var transcript = PlainTranscript()
        let before = transcript.lines(for: app.state)
        #expect(before.filter { $0.hasPrefix("Reply ") }.count == 2, "\(before)")
        _ = app.update(.key(.enter))
        let after = transcript.lines(for: app.state)
        #expect(after.contains("kept this reply"), "\(after)")
        #expect(!after.contains { $0.contains("-word1") }, "not said again: \(after)")
    }
}
