import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Compare's panes as frames (SPEC 9): two, three and four side by side at 200×60, stacked at 60×30, each
/// with its header, and the keys that move between them and keep one.
@Suite struct CompareFrameTests {
    static let origins = [
        Origin(provider: "one", model: "m1"), Origin(provider: "two", model: "m2"), Origin(provider: "three", model: "m3"),
        Origin(provider: "four", model: "m4"),
    ]

    /// An app in compare mode with `count` models that sent "which?" and got each model's answer, the first
    /// `streaming` of them still streaming. Returns the app and the replies' ids.
    static func compared(_ count: Int, streaming: Int = 0) -> (App, [String]) {
        var app = App(state: AppState(providerName: "one", model: "m1"))
        let origins = Array(origins.prefix(count))
        app.state.compare = CompareState(origins: origins)
        for character in "which?" { _ = app.update(.key(.character(character))) }
        let intents = app.update(.key(.enter))
        #expect(intents == [.compare("which?", attachments: [], with: origins)])
        let question = Message.user("which?")
        _ = app.update(.session(.messageAdded(question)))
        var ids: [String] = []
        for (index, origin) in origins.enumerated() {
            let id = "r\(index)"
            ids.append(id)
            _ = app.update(.session(.replyStarted(id: id, parent: question.id, origin: origin)))
            let words = (1...3).map { "\(origin.provider)-word\($0) " }
            for word in words { _ = app.update(.session(.text(id: id, word))) }
            guard index >= streaming else { continue }
            let reply = Message(
                id: id, parent: question.id, role: .assistant, parts: [.text(words.joined())], origin: origin,
                usage: Usage(inputTokens: 10, outputTokens: 3 + index, cost: index == 0 ? 0.00095 : nil), finish: .stop)
            _ = app.update(.session(.replyEnded(reply)))
        }
        if streaming == 0 { _ = app.update(.session(.turnEnded)) }  // the session's word that all of them are over
        return (app, ids)
    }

    /// The text of a pane header row, as `ComparePanes` lays them out: each pane's header padded to its
    /// width, a rule between them.
    static func row(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            line += cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            if index < cells.count - 1 { line += "│" }
        }
        return line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    @Test(arguments: [2, 3, 4]) func panesSideBySideAt200By60(count: Int) {
        let (app, _) = Self.compared(count)
        let frame = Screen.render(app, width: 200, height: 60)
        let width = (200 - (count - 1)) / count
        let widths = (0..<count).map { $0 == count - 1 ? 200 - (count - 1) * (width + 1) : width }
        let headers = (0..<count).map { index -> String in
            let origin = Self.origins[index]
            return " \(origin.label) · \(3 + index) tokens" + (index == 0 ? " · $0.00095" : "")
        }
        let words = (0..<count).map { "\(Self.origins[$0].provider)-word1 \(Self.origins[$0].provider)-word2 \(Self.origins[$0].provider)-word3" }
        #expect(frame.lines[0].hasPrefix(" natter │ compare · " + Self.origins.prefix(count).map(\.label).joined(separator: " | ")))
        #expect(frame.lines[1] == "You › which?", "the question above the panes")
        #expect(frame.lines[2] == Self.row(headers, widths: widths))
        #expect(frame.lines[3] == Self.row(Self.origins.prefix(count).map(\.label), widths: widths))
        #expect(frame.lines[4] == Self.row(words, widths: widths))
        #expect(frame.lines[5] == Self.row(Array(repeating: "", count: count), widths: widths), "the rules run down the panes")
        #expect(frame.lines[57] == String(repeating: "─", count: 200))
        #expect(frame.lines[59].hasPrefix(" ←/→ focus · Enter keeps the focused reply"))
    }

    @Test func panesStackOnANarrowTerminal() {
        let (app, _) = Self.compared(3, streaming: 1)
        let frame = Screen.render(app, width: 60, height: 30)
        // 26 rows of transcript: the question, then three panes of 8, 8 and 9 rows, each a header and its reply.
        #expect(frame.lines[1] == "You › which?")
        #expect(frame.lines[2] == " one · m1 · 3 tokens · streaming")
        #expect(frame.lines[3] == "one · m1")
        #expect(frame.lines[4] == "one-word1 one-word2 one-word3 ▌")
        #expect(frame.lines[10] == " two · m2 · 4 tokens")
        #expect(frame.lines[12] == "two-word1 two-word2 two-word3")
        #expect(frame.lines[18] == " three · m3 · 5 tokens")
        #expect(!frame.lines.contains { $0.contains("│") && !$0.hasPrefix(" natter") }, "no rule between stacked panes")
        #expect(frame.lines[29].hasPrefix(" 1 of 3 replies streaming"))
    }

    @Test func theRectsOfEveryLayout() {
        let area = Rect(x: 0, y: 2, width: 200, height: 56)
        #expect(ComparePanes.rects(count: 2, in: area) == [Rect(x: 0, y: 2, width: 99, height: 56), Rect(x: 100, y: 2, width: 100, height: 56)])
        #expect(ComparePanes.rects(count: 4, in: area).map(\.x) == [0, 50, 100, 150])
        // Four at 120 columns: two by two.
        #expect(ComparePanes.rects(count: 4, in: Rect(x: 0, y: 1, width: 120, height: 40)) == [
            Rect(x: 0, y: 1, width: 59, height: 20), Rect(x: 60, y: 1, width: 60, height: 20),
            Rect(x: 0, y: 21, width: 59, height: 20), Rect(x: 60, y: 21, width: 60, height: 20),
        ])
        #expect(ComparePanes.rects(count: 2, in: Rect(x: 0, y: 1, width: 79, height: 20)).map(\.x) == [0, 0], "stacked under 2 × 40")
    }

    @Test func leftRightFocusAndEnterKeepsTheFocusedReply() {
        var (app, ids) = Self.compared(3)
        #expect(app.state.compare?.round?.focused == 0)
        _ = app.update(.key(.left))
        #expect(app.state.compare?.round?.focused == 0, "← stops at the first pane (it once wrapped to the last, and the wrong reply was kept)")
        _ = app.update(.key(.right))
        _ = app.update(.key(.right))
        _ = app.update(.key(.right))
        #expect(app.state.compare?.round?.focused == 2, "→ stops at the last")
        _ = app.update(.key(.left))
        #expect(app.state.compare?.round?.focused == 1)
        let frame = Screen.render(app, width: 200, height: 60)
        #expect(frame.lines[2].contains("│ two · m2"))
        let intents = app.update(.key(.enter))
        #expect(intents == [.activate(ids[1]), .switchTo(provider: "two", model: "m2")])
        #expect(app.state.compare == nil)
        #expect(app.state.setup.providerName == "two" && app.state.setup.model == "m2")
        #expect(app.state.pane.entries.map(\.text) == ["which?", "two-word1 two-word2 two-word3 "])
        #expect(app.state.pane.entries.last?.siblings == SiblingPosition(index: 2, count: 3), "the others stay as its siblings")
    }

    @Test func aPaneWhoseReplyFailedShowsWhyAndCannotBeKept() {
        var app = App(state: AppState(providerName: "one", model: "m1"))
        let origins = Array(Self.origins.prefix(2))
        app.state.compare = CompareState(origins: origins)
        _ = app.update(.paste("which?"))
        _ = app.update(.key(.enter))
        let question = Message.user("which?")
        _ = app.update(.session(.messageAdded(question)))
        _ = app.update(.session(.replyStarted(id: "ok", parent: question.id, origin: origins[0])))
        _ = app.update(.session(.replyStarted(id: "bad", parent: question.id, origin: origins[1])))
        _ = app.update(.session(.replyEnded(Message(
            id: "bad", parent: question.id, role: .assistant, parts: [], origin: origins[1], finish: .error,
            error: "network error: connection refused (http://127.0.0.1:9/v1)"))))
        _ = app.update(.session(.text(id: "ok", "fine")))
        _ = app.update(.session(.replyEnded(Message(id: "ok", parent: question.id, role: .assistant, parts: [.text("fine")], origin: origins[0], finish: .stop))))
        _ = app.update(.session(.turnEnded))
        let frame = Screen.render(app, width: 200, height: 60)
        #expect(frame.lines[2].contains("│ two · m2 · error"), "\(frame.lines[2])")
        #expect(frame.lines.contains { $0.contains("connection refused") }, "the pane says why")
        _ = app.update(.key(.right))
        #expect(app.update(.key(.enter)).isEmpty)
        #expect(app.state.status.text?.contains("two · m2 gave no answer") == true, "\(app.state.status.text ?? "")")
        _ = app.update(.key(.left))
        #expect(app.update(.key(.enter)) == [.activate("ok"), .switchTo(provider: "one", model: "m1")])
    }

    @Test func theWheelOverAPaneFocusesAndScrollsIt() {
        var (app, _) = Self.compared(2)
        _ = app.update(.resized(width: 200, height: 60))
        _ = app.update(.wheel(up: true, x: 150, y: 20))
        #expect(app.state.compare?.round?.focused == 1, "the pane under the pointer")
        _ = app.update(.wheel(up: true, x: 10, y: 20))
        #expect(app.state.compare?.round?.focused == 0)
        _ = app.update(.wheel(up: true, x: 10, y: 59))
        #expect(app.state.compare?.round?.focused == 0, "the status line is in no pane")
    }

    @Test func aClickOnAPaneFocusesItAndScrollsNothing() {
        var (app, _) = Self.compared(3)
        _ = app.update(.resized(width: 200, height: 60))
        let scrolls = app.state.compare?.round?.panes.map(\.pane.scroll)
        #expect(app.update(.click(x: 190, y: 30)) == [])
        #expect(app.state.compare?.round?.focused == 2, "the pane under the pointer")
        #expect(app.state.compare?.round?.panes.map(\.pane.scroll) == scrolls)
        _ = app.update(.click(x: 10, y: 0))
        #expect(app.state.compare?.round?.focused == 2, "the header is in no pane")
        _ = app.update(.key(.function(1)))
        _ = app.update(.click(x: 10, y: 30))
        #expect(app.state.compare?.round?.focused == 2, "an overlay on top takes the click from the panes")
    }

    @Test func enterWhileTheFocusedReplyStreamsKeepsNothingAndEscStopsThemAll() {
        var (app, _) = Self.compared(2, streaming: 2)
        #expect(app.update(.key(.enter)).isEmpty)
        #expect(app.state.status.text?.contains("still streaming") == true)
        #expect(app.update(.key(.escape)) == [.cancelReply])
    }

    @Test func ctrlOMarksModelsWithSpaceAndLeavesAgain() {
        var app = App(state: AppState(providerName: "one", model: "m1"))
        app.setProviders([
            PickerProvider(name: "one", displayName: "One", problem: nil, models: [ModelInfo(name: "m1")]),
            PickerProvider(name: "two", displayName: "Two", problem: nil, models: [ModelInfo(name: "m2")]),
            PickerProvider(name: "off", displayName: "Off", problem: .missing(["OFF_KEY"]), models: [ModelInfo(name: "m9")]),
        ])
        #expect(app.update(.key(.control("o"))) == [.discoverModels])
        _ = app.update(.key(.enter))
        #expect(app.state.status.text == "mark 2 to 4 models with Space, then Enter")
        _ = app.update(.paste(" "))  // tmux delivers a Space key as typed text
        _ = app.update(.key(.down))
        _ = app.update(.key(.character(" ")))
        _ = app.update(.key(.down))
        _ = app.update(.key(.character(" ")))
        #expect(app.state.status.text?.hasPrefix("off needs OFF_KEY") == true, "a provider that cannot be used is not marked")
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("the picker closed")
            return
        }
        #expect(picker.marked == [Origin(provider: "one", model: "m1"), Origin(provider: "two", model: "m2")])
        #expect(Screen.render(app, width: 80, height: 20).lines.contains { $0.contains("[2] m2") })
        _ = app.update(.key(.enter))
        #expect(app.state.compare?.origins.count == 2 && app.state.overlay == nil)
        _ = app.update(.key(.control("o")))
        #expect(app.state.compare == nil, "Ctrl+O again leaves compare")
    }
}
