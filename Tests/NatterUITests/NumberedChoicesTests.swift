import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Plain mode's lists answered by number (issue 32, point 4): the picker and a tool call's approval said numbered,
/// and a number typed (as the terminal delivers it, a character at a time) then Enter takes that choice.
@Suite struct NumberedChoicesTests {
    static func plain(_ app: App) -> App {
        var app = app
        app.state.display.screenMode = .plain
        return app
    }

    static func type(_ text: String, into app: inout App) -> [AppIntent] {
        text.flatMap { app.update(.paste(String($0))) }
    }

    @Test func aNumberUsesThatModel() {
        var app = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = app.update(.key(.control("p")))
        let said = PlainOverlay.read(app.state)
        #expect(said?.rows.prefix(5) == ["1. one · a", "2. one · b", "3. two · x", "4. two · y", "5. keyed · k, missing KEYED_API_KEY"], "\(said?.rows ?? [])")
        #expect(said?.selected?.index == 0, "the arrows' place, among the choices")
        #expect(Self.type("3", into: &app).isEmpty)
        #expect(app.state.choiceNumber == "3")
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("the digit closed the picker")
            return
        }
        #expect(picker.filter.string.isEmpty, "a number is not filter text")
        let intents = app.update(.key(.enter))
        #expect(intents == [.switchTo(provider: "two", model: "x")], "\(intents)")
        #expect(app.state.overlay == nil && app.state.choiceNumber.isEmpty)
    }

    @Test func aNumberOutOfRangeIsSaidAndBackspaceAndEscEditIt() {
        var app = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = app.update(.key(.control("p")))
        _ = Self.type("42", into: &app)
        _ = app.update(.key(.backspace))
        #expect(app.state.choiceNumber == "4")
        _ = app.update(.key(.escape))
        #expect(app.state.choiceNumber.isEmpty && app.state.overlay != nil, "Esc drops the number, not the picker")
        _ = Self.type("99", into: &app)
        #expect(app.update(.key(.enter)).isEmpty)
        #expect(app.state.status.text?.contains("99") == true && app.state.status.isError)
        #expect(app.state.overlay != nil, "still open, to answer again")
    }

    @Test func digitsAfterAFilterOrBeforeALetterAreFilterText() {
        var app = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = app.update(.key(.control("p")))
        _ = Self.type("tw", into: &app)
        _ = Self.type("2", into: &app)
        guard case .picker(let filtered)? = app.state.overlay else {
            Issue.record("closed")
            return
        }
        #expect(filtered.filter.string == "tw2" && app.state.choiceNumber.isEmpty)
        _ = app.update(.key(.control("u")))
        _ = Self.type("4o", into: &app)
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("closed")
            return
        }
        #expect(picker.filter.string == "4o" && app.state.choiceNumber.isEmpty, "\(picker.filter.string)")
    }

    @Test func whileMarkingForCompareANumberMarks() {
        var app = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = app.update(.key(.control("o")))
        _ = Self.type("2", into: &app)
        _ = app.update(.key(.enter))
        _ = Self.type("4", into: &app)
        _ = app.update(.key(.enter))
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("closed")
            return
        }
        #expect(picker.marked == [Origin(provider: "one", model: "b"), Origin(provider: "two", model: "y")], "\(picker.marked ?? [])")
        #expect(PlainOverlay.read(app.state)?.rows.contains("2. one · b (marked)") == true)
    }

    @Test func anApprovalIsAnsweredByNumber() {
        for (number, answer) in [("1", ToolApproval.once), ("2", .always), ("3", .deny)] {
            var app = Self.plain(ApprovalFrameTests.app(width: 100, height: 30))
            let said = PlainOverlay.read(app.state)
            #expect(said?.rows == ["1. run it this once", "2. run it, and this tool without asking for the rest of the session", "3. do not run it; the model is told"])
            _ = Self.type(number, into: &app)
            #expect(app.update(.key(.enter)) == [.answerTool(id: 1, answer)])
        }
    }

    @Test func fullScreenKeepsItsKeys() {
        var app = PickerOpeningTests.app(provider: "one", model: "a")
        _ = app.update(.key(.control("p")))
        _ = Self.type("2", into: &app)
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("closed")
            return
        }
        #expect(picker.filter.string == "2" && app.state.choiceNumber.isEmpty, "a digit filters, as it always has")
    }

    /// A number typed for the picker never answers the approval that takes its place, nor survives a paste.
    @Test func aNumberBelongsToTheListItWasTypedFor() {
        var app = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = app.update(.key(.control("p")))
        _ = Self.type("2", into: &app)
        _ = app.update(.approvalRequested(id: 7, ToolApprovalRequest(
            call: ToolCall(id: "c", name: "kit__run", arguments: "{}"), identity: ToolIdentity(server: "kit", tool: "run"))))
        #expect(app.state.choiceNumber.isEmpty, "the 2 was the picker's")
        #expect(app.update(.key(.enter)) == [.answerTool(id: 7, .once)], "Enter is the approval's own, not choice 2 (always)")

        var picking = Self.plain(PickerOpeningTests.app(provider: "one", model: "a"))
        _ = picking.update(.key(.control("p")))
        _ = Self.type("3", into: &picking)
        _ = picking.update(.paste("two"))
        #expect(picking.state.choiceNumber.isEmpty)
        guard case .picker(let picker)? = picking.state.overlay else {
            Issue.record("closed")
            return
        }
        #expect(picker.filter.string == "two")
    }
}
