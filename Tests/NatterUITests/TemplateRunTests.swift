import Foundation
import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// `/NAME` for a prompt template, through update as the terminal delivers keys (issue 33, point 5): listed with
/// its description, its values asked one by one, its commands shown and run only on y, the message sent once the
/// runner has made it, and what went wrong said with nothing sent.
@Suite struct TemplateRunTests {
    static func app(_ templates: [(String, String)], broken: [PromptFileError] = []) throws -> App {
        var state = AppState(providerName: "p", model: "m")
        state.setup.templates = try templates.map { try PromptTemplate.parse($0.1, name: $0.0) }
        state.setup.templateProblems = broken
        return App(state: state)
    }

    static func type(_ text: String, into app: inout App) -> [AppIntent] {
        text.flatMap { app.update(.paste(String($0))) }
    }

    @Test func aTemplateIsACommandWithItsDescription() throws {
        let app = try Self.app([("tldr", "---\ndescription: Summarize briefly\n---\nSummarize: {{input}}"), ("model", "shadowed")])
        let rows = SlashCompletion.rows(for: "/tl", in: app.state)
        #expect(rows.first == SlashCompletion.Row(text: "/tldr [TEXT]", help: "Summarize briefly"))
        #expect(SlashCompletion.completed("/tl", in: app.state) == "/tldr ")
        #expect(!SlashCommand.available(in: app.state).contains(.template(name: "model", description: "prompt template")), "a built-in name wins")
    }

    @Test func valuesAreAskedThenCommandsConfirmedThenTheRunnerMakesTheMessage() throws {
        var app = try Self.app([("review", "Review for {{focus}} and {{tone}}: {{sh:git diff}} {{input}}")])
        _ = Self.type("/review now", into: &app)
        #expect(app.update(.key(.enter)) == [])
        #expect(app.state.prompt?.label == "/review: focus")
        _ = Self.type("bugs", into: &app)
        _ = app.update(.key(.enter))
        #expect(app.state.prompt?.label == "/review: tone")
        _ = Self.type("kind", into: &app)
        _ = app.update(.key(.enter))
        #expect(app.state.prompt?.label == "/review: run the command shown above? y/n")
        #expect(app.state.pane.entries.last?.text == "/review would run this command:\n  git diff", "shown whole in the conversation")
        // A paste can never say yes to a command.
        #expect(app.update(.paste("yy")) == [])
        let intents = app.update(.paste("y"))
        guard case .expandTemplate(let run)? = intents.first else { return #expect(Bool(false), "\(intents)") }
        #expect(run.answers == ["focus": "bugs", "tone": "kind"] && run.commandsAllowed && run.input == "now")
        let sent = app.update(.templateExpanded(run, .success("Review for bugs and kind: diff now")))
        #expect(sent == [.send("Review for bugs and kind: diff now", attachments: [])])
    }

    /// Esc while the runner gathers the files and commands: what they make is not sent; nor is it after another
    /// conversation began.
    @Test func escStopsARunAndANewConversationDropsIt() throws {
        var app = try Self.app([("notes", "{{file:notes.md}}")])
        _ = Self.type("/notes", into: &app)
        guard case .expandTemplate(let first)? = app.update(.key(.enter)).first else { return #expect(Bool(false)) }
        #expect(app.update(.key(.escape)) == [])
        #expect(app.update(.templateExpanded(first, .success("late"))) == [], "stopped")
        _ = Self.type("/notes", into: &app)
        guard case .expandTemplate(let second)? = app.update(.key(.enter)).first else { return #expect(Bool(false)) }
        #expect(app.update(.templateExpanded(first, .success("older run"))) == [], "an earlier run's result is not this one's")
        _ = app.update(.conversationReplaced(Conversation(), notices: [], guide: nil, title: nil))
        #expect(app.update(.templateExpanded(second, .success("other conversation"))) == [])
    }

    @Test func aNoToTheCommandsRunsAndSendsNothing() throws {
        var app = try Self.app([("diff", "{{sh:git diff}}")])
        _ = Self.type("/diff", into: &app)
        _ = app.update(.key(.enter))
        #expect(app.update(.paste("n")) == [])
        #expect(app.state.prompt == nil)
        #expect(app.state.status.text == "/diff: nothing was run or sent")
    }

    @Test func whatWentWrongIsSaidAndNothingSent() throws {
        var app = try Self.app([("notes", "{{file:notes.md}}")])
        _ = Self.type("/notes", into: &app)
        guard case .expandTemplate(let run)? = app.update(.key(.enter)).first else { return #expect(Bool(false)) }
        let intents = app.update(.templateExpanded(run, .failure(TemplateProblem("{{file:notes.md}}: it does not exist"))))
        #expect(intents.isEmpty)
        #expect(app.state.status.text == "/notes: {{file:notes.md}}: it does not exist; nothing was sent" && app.state.status.isError)
    }

    @Test func aBrokenTemplateIsNamedWithItsLine() throws {
        var app = try Self.app([], broken: [PromptFileError(name: "oops", line: 3, problem: "{{ is not closed with }} on its line")])
        _ = Self.type("/oops", into: &app)
        #expect(app.update(.key(.enter)) == [])
        #expect(app.state.status.text == "prompts/oops.md:3: {{ is not closed with }} on its line")
        #expect(app.state.composer.input.string == "/oops", "kept to be fixed")
    }

    /// `/` on a selected message (Alt+↑) makes it the template's `{{selection}}`; without one, the last reply is.
    @Test func theSelectionIsTheMessageSlashWasTypedOn() throws {
        var (app, _) = SelectionTests.chat()
        app.state.setup.templates = [try PromptTemplate.parse("Explain: {{selection}}", name: "explain")]
        _ = app.update(.key(.altUp))
        _ = app.update(.key(.up))
        _ = Self.type("/", into: &app)
        #expect(app.state.pane.selection == nil && app.state.composer.input.string == "/")
        _ = Self.type("explain", into: &app)
        guard case .expandTemplate(let run)? = app.update(.key(.enter)).first else { return #expect(Bool(false)) }
        #expect(run.selection == "second")
        _ = Self.type("/explain", into: &app)
        guard case .expandTemplate(let again)? = app.update(.key(.enter)).first else { return #expect(Bool(false)) }
        #expect(again.selection?.hasPrefix("Here:") == true, "the last reply, once the chosen one was used")
    }
}
