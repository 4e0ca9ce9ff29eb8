import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// The state bugs a new user met in the first hour (issue 30, point 8), each as a test of the update: events
/// in the order the session and the terminal send them (typed keys arrive as text), the state and screen after.
/// The review's meter is in `SessionsReducerTests.leavingAReviewGivesBackTheChatsMeterSettingsAndCost`.
@Suite struct FirstHourStateTests {
    static func app() -> App {
        let app = App(state: AppState(providerName: "local", model: "m-1"))
        _ = Screen.render(app, width: 80, height: 24)
        return app
    }

    /// The session says `replyStarted` before it compacts (and again compacts after a context-length refusal):
    /// the compaction's reprojection once dropped the streaming entry, and the reply never showed.
    @Test func aReplyAfterAnAutomaticCompactionShowsInTheChat() {
        var app = Self.app()
        let first = app.play(question: "one", answer: ["alpha"])
        _ = app.update(.session(.turnEnded))
        let asked = Message.user("two", parent: first)
        _ = app.update(.session(.messageAdded(asked)))
        let id = MessageID.make()
        let origin = Origin(provider: "local", model: "m-1")
        _ = app.update(.session(.replyStarted(id: id, parent: asked.id, origin: origin)))
        _ = app.update(.session(.compactionStarted(messageCount: 2)))
        _ = app.update(.session(.compacted(Compaction(through: first, messageCount: 2, summary: "one; alpha"))))
        _ = app.update(.session(.text(id: id, "bravo")))
        #expect(app.state.pane.entries.last?.messageID == id && app.state.pane.entries.last?.text == "bravo", "it streams on screen")
        _ = app.update(.session(.replyEnded(Message(id: id, parent: asked.id, role: .assistant, parts: [.text("bravo")], origin: origin, finish: .stop))))
        _ = app.update(.session(.turnEnded))
        #expect(app.state.pane.entries.last?.messageID == id && app.state.pane.entries.last?.text == "bravo")
        #expect(Screen.render(app, width: 80, height: 24).lines.contains { $0.contains("bravo") })
    }

    /// After Enter the find bar says "n next · N previous"; a typed n once went into the query instead.
    @Test func afterEnterATypedNMovesThroughTheMatches() {
        var app = FindTests.chat()
        _ = app.update(.key(.control("f")))
        FindTests.type("TAPIR", into: &app)
        _ = app.update(.key(.enter))
        #expect(app.state.find?.counter == "1/4")
        _ = app.update(.paste("n"))
        #expect(app.state.find?.query.string == "TAPIR" && app.state.find?.counter == "2/4", "n as the terminal sends it")
        _ = app.update(.paste("N"))
        #expect(app.state.find?.counter == "1/4")
        FindTests.type("x", into: &app)
        #expect(app.state.find?.query.string == "TAPIRx", "a letter that is no key there types, and the search starts again")
    }

    /// "running get_current_time" once stayed on the status line after the reply that followed the call.
    @Test func nothingOfAToolCallIsLeftOnTheStatusLineAfterTheTurn() {
        var app = Self.app()
        let call = ToolCall(id: "c", name: "time__get_current_time", arguments: "{}")
        let identity = ToolIdentity(server: "time", tool: "get_current_time")
        app.play(question: "time?", answer: [], finish: .toolCalls)
        _ = app.update(.approvalRequested(id: 1, ToolApprovalRequest(call: call, identity: identity)))
        _ = app.update(.paste("y"))
        _ = app.update(.session(.toolStarted(call, identity)))
        #expect(Screen.render(app, width: 80, height: 24).text(row: 23).contains("get_current_time"), "the running call is shown")
        _ = app.update(.session(.toolFinished(ToolResult(callID: "c", content: "12:00", isError: false))))
        let id = app.startReply()
        _ = app.update(.session(.text(id: id, "noon")))
        _ = app.update(.session(.replyEnded(Message(id: id, parent: app.state.conversation.activeLeaf, role: .assistant, parts: [.text("noon")], finish: .stop))))
        _ = app.update(.session(.turnEnded))
        #expect(app.state.reply.runningTool == nil)
        #expect(!Screen.render(app, width: 80, height: 24).text(row: 23).contains("get_current_time"))
    }

    /// A system prompt set in Ctrl+X once showed no notice in the chat: the session's echo found it already set.
    @Test func aPromptSetInCtrlXIsShownWhereItChanged() {
        var app = Self.app()
        _ = app.update(.key(.control("x")))
        for _ in 0..<SettingsRow.systemPrompt.rawValue { _ = app.update(.key(.down)) }
        _ = app.update(.key(.enter))
        _ = app.update(.paste("Be terse."))
        #expect(app.update(.key(.enter)) == [.setSystemPrompt("Be terse.")])
        _ = app.update(.session(.settingsChanged(ModelParameters(), systemPrompt: "Be terse.")))  // the session's echo
        #expect(app.state.pane.entries.filter { $0.kind == .notice }.map(\.text) == ["system prompt: Be terse."], "one notice, not none and not two")
    }

    /// The same for a role chosen in Ctrl+X.
    @Test func aRoleChosenInCtrlXShowsItsPromptWhereItChanged() {
        var state = AppState(providerName: "local", model: "m-1")
        state.setup.roles = [RoleDefinition(name: "terse", provider: nil, model: nil, parameters: ModelParameters(), prompt: "Answer in one line.")]
        var app = App(state: state)
        _ = app.update(.key(.control("x")))
        _ = app.update(.key(.enter))
        _ = app.update(.key(.enter))
        _ = app.update(.session(.settingsChanged(ModelParameters(), systemPrompt: "Answer in one line.")))
        #expect(app.state.pane.entries.filter { $0.kind == .notice }.map(\.text) == ["system prompt: Answer in one line."])
    }

    /// ← onto a sibling once put the chat's hints on the status line while ▶ still marked a selected message.
    @Test func theSelectionsKeysStayWhileItLasts() {
        var app = Self.app()
        let first = app.play(question: "q", answer: ["one"])
        _ = app.update(.session(.turnEnded))
        let question = app.state.conversation[first]!.parent!
        _ = app.update(.session(.messageAdded(Message(parent: question, role: .assistant, parts: [.text("two")], origin: Origin(provider: "local", model: "m-1"), finish: .stop))))
        _ = app.update(.key(.altUp))
        #expect(app.state.status.text?.contains("←/→ versions") == true)
        _ = app.update(.key(.left))
        #expect(app.state.pane.selection == first)
        #expect(app.state.status.text?.contains("←/→ versions") == true, "← keeps the selection's keys")
        _ = app.update(.key(.pageUp))
        #expect(app.state.status.text?.contains("←/→ versions") == true, "and so does a key that only scrolls")
        _ = app.update(.key(.escape))
        #expect(app.state.pane.selection == nil && app.state.status.text == nil, "leaving takes them away")
    }

    /// A selected "Tool results" message once showed the chat's hints, without its own `o open`.
    @Test func aSelectedToolResultSaysOOpensIt() {
        var app = Self.app()
        let call = ToolCall(id: "c", name: "time__now", arguments: "{}")
        let callingReply = app.play(question: "time?", answer: [], finish: .toolCalls)
        _ = app.update(.session(.messageAdded(Message(parent: callingReply, role: .tool, parts: [.toolResult(ToolResult(callID: call.id, content: "12:00\nUTC\nmore\nlines", isError: false))]))))
        app.play(question: "thanks", answer: ["welcome"])
        _ = app.update(.session(.turnEnded))
        _ = app.update(.key(.altUp))
        #expect(app.state.status.text?.contains("o open") == false, "a plain reply has nothing to open")
        _ = app.update(.key(.up))
        _ = app.update(.key(.up))
        #expect(app.state.pane.entries.first { $0.isSelected }?.kind == .tool)
        #expect(app.state.status.text?.contains("o open") == true)
        _ = app.update(.paste("o"))
        #expect(app.state.pane.selection != nil && app.state.status.text?.contains("o open") == true, "o opens it and the selection stays")
    }
}
