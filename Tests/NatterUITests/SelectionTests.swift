import Foundation
import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Message selection and the tree overlay as the app's state machine sees them, without a terminal.
@Suite struct SelectionTests {
    static func chat() -> (App, reply: String) {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        app.play(question: "first", answer: ["one"])
        let reply = app.play(question: "second", answer: ["Here:\n```swift\nlet a = 1\n```\nand\n```\nls -la\n```\n"])
        _ = Screen.render(app, width: 60, height: 30)
        return (app, reply)
    }

    @Test func altUpSelectsTheNewestMessageAndArrowsMoveIt() {
        var (app, reply) = Self.chat()
        _ = app.update(.key(.altUp))
        #expect(app.state.pane.selection == reply)
        #expect(app.state.pane.entries.filter(\.isSelected).map(\.messageID) == [reply])
        _ = app.update(.key(.up))
        #expect(app.state.pane.entries.first { $0.isSelected }?.text == "second")
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        #expect(app.state.pane.selection == reply, "the newest stays selected at the end")
        #expect(Screen.render(app, width: 60, height: 30).lines.contains { $0.hasPrefix("▶ local · m-1") })
        _ = app.update(.key(.escape))
        #expect(app.state.pane.selection == nil && app.state.pane.entries.allSatisfy { !$0.isSelected })
    }

    @Test func yCopiesTheMessageAndDigitsItsCodeBlocks() {
        var (app, _) = Self.chat()
        _ = app.update(.key(.altUp))
        #expect(app.update(.paste("2")) == [.copyToClipboard("ls -la", what: "code block 2")], "typed digits are keys here")
        #expect(app.update(.key(.character("1"))) == [.copyToClipboard("let a = 1", what: "code block 1")])
        #expect(app.update(.key(.character("3"))) == [])
        #expect(app.state.status.text?.contains("2 code blocks") == true)
        _ = app.update(.key(.up))
        #expect(app.update(.key(.character("y"))) == [.copyToClipboard("second", what: "the message")])
    }

    @Test func eOnYourMessageSendsTheEditAsASiblingAndOnAReplyRevisesIt() {
        var (app, reply) = Self.chat()
        _ = app.update(.key(.altUp))
        _ = app.update(.key(.up))
        let question = app.state.pane.selection!
        _ = app.update(.key(.character("e")))
        #expect(app.state.pane.selection == nil && app.state.composer.input.string == "second")
        _ = app.update(.paste(" (edited)"))
        #expect(app.update(.key(.enter)) == [.sendEdited("second (edited)", replacing: question)])

        _ = app.update(.key(.altUp))
        _ = app.update(.key(.character("e")))
        app.state.composer.input = InputBuffer("better")
        #expect(app.update(.key(.enter)) == [.reviseReply(reply, text: "better")])

        _ = app.update(.key(.altUp))
        _ = app.update(.key(.character("e")))
        _ = app.update(.key(.escape))
        #expect(app.state.composer.editing == nil && app.state.composer.input.isEmpty, "Esc drops the edit")
    }

    @Test func rAsksAgainFromTheSelectionAndCtrlRFromTheLastReply() {
        var (app, reply) = Self.chat()
        #expect(app.update(.key(.control("r"))) == [.askAgain(nil)])
        _ = app.update(.key(.altUp))
        #expect(app.update(.key(.character("r"))) == [.askAgain(reply)])
    }

    @Test func leftAndRightWalkSiblingsAndTheHeaderSaysWhichOneThisIs() {
        var (app, _) = Self.chat()
        let question = app.state.conversation.path()[2]
        // The session made a sibling of the second question (an edit) and answered it.
        let edited = Message.user("second, again", parent: question.parent)
        _ = app.update(.session(.messageAdded(edited)))
        #expect(app.state.pane.entries.contains { $0.messageID == edited.id && $0.header == "You ‹2/2›" })
        #expect(!app.state.pane.entries.contains { $0.text == "second" }, "the old branch is not shown")

        _ = app.update(.key(.altUp))
        #expect(app.state.pane.selection == edited.id)
        #expect(app.update(.key(.left)) == [.activate(question.id)])
        #expect(app.state.pane.entries.contains { $0.text == "second" && $0.isSelected && $0.header == "You ‹1/2›" })
        #expect(app.state.conversation.activeLeaf != edited.id)
        #expect(app.update(.key(.right)) == [.activate(edited.id)])
    }

    @Test func theTreeListsEveryMessageAndEnterShowsTheChosenBranch() {
        var (app, _) = Self.chat()
        let first = app.state.conversation.path()[0]
        let fork = Message.user("first, again")
        _ = app.update(.session(.messageAdded(fork)))
        _ = app.update(.key(.control("b")))
        guard case .tree(let tree)? = app.state.overlay else {
            Issue.record("no tree")
            return
        }
        #expect(tree.rows.count == 5)
        #expect(tree.rows[tree.selected].message.id == fork.id, "the active leaf is highlighted")
        let screen = Screen.render(app, width: 60, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("Branches") && screen.contains("○ You: first") && screen.contains("◆ You: first, again"))
        _ = app.update(.key(.home))
        #expect(app.update(.key(.enter)) == [.activate(first.id)])
        #expect(app.state.overlay == nil)
        #expect(app.state.pane.entries.compactMap(\.messageID) == app.state.conversation.path(to: app.state.conversation.activeLeaf).map(\.id))
        #expect(app.state.pane.entries.contains { $0.text == "second" })
    }

    @Test func typingThatIsNoCommandLeavesTheSelectionAndGoesIntoTheInput() {
        var (app, _) = Self.chat()
        _ = app.update(.key(.altUp))
        _ = app.update(.paste("hello"))
        #expect(app.state.pane.selection == nil)
        #expect(app.state.composer.input.string == "hello", "nothing typed is lost")
    }

    @Test func aChatKeyThatIsNoCommandHereLeavesTheSelectionAndActs() {
        var (app, _) = Self.chat()
        _ = app.update(.key(.altUp))
        _ = app.update(.key(.up))
        #expect(app.update(.key(.control("d"))) == [.quit], "Ctrl+D on an empty input quits from a selection too")
        #expect(app.state.pane.selection == nil)
    }

    @Test func aSystemMessageShowsAsSystemNotAsYou() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        _ = app.update(.session(.messageAdded(Message(parent: nil, role: .system, parts: [.text("Be terse.")]))))
        let lines = Screen.render(app, width: 40, height: 10).lines
        #expect(lines.contains("System") && !lines.contains("You"))
    }
}

/// A search hit on a branch that is not the active one opens that branch.
@Suite struct ReviewBranchTests {
    @Test func openingAHitOnAnotherBranchShowsThatBranch() throws {
        let lines = [
            #"{"type":"session","id":"s","version":2}"#,
            #"{"type":"message","id":"ma","role":"user","parts":[{"type":"text","text":"Name an animal"}]}"#,
            #"{"type":"message","id":"mb","parent":"ma","role":"assistant","parts":[{"type":"text","text":"A tapir."}],"finish":"stop"}"#,
            #"{"type":"message","id":"mc","role":"user","parts":[{"type":"text","text":"Name a bird"}]}"#,
        ]
        let transcript = TranscriptReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8))
        var app = App(state: AppState(providerName: "p", model: "m"))
        _ = app.update(.key(.control("s")))
        _ = app.update(.sessionOpened(SessionSummary(id: "s", transcript: transcript), transcript: transcript, focus: "mb", highlight: "tapir"))
        #expect(app.state.review != nil)
        #expect(app.state.pane.entries.compactMap(\.messageID) == ["ma", "mb"], "the hit's branch, not the file's active one")
        _ = app.update(.key(.control("c")))
        #expect(app.state.review == nil && app.state.pane.entries.isEmpty, "back to the live conversation as it was")
    }
}
