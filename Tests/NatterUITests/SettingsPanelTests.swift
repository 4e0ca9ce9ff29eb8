import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Ctrl+X as the app sees it: rows, editing one on the input line, what the session is asked, refusals.
@Suite struct SettingsPanelTests {
    func app() -> App {
        let app = App(state: AppState(providerName: "p", model: "m"))
        _ = Screen.render(app, width: 80, height: 24)
        return app
    }

    @Test func ctrlXEditsARowOnTheInputLineAndTheSessionIsTold() {
        var app = app()
        _ = app.update(.key(.control("x")))
        #expect(app.state.overlay == .settings(selected: 0))
        var screen = Screen.render(app, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("role           none") && screen.contains("temperature    the model's default") && screen.contains("system prompt  none"), "\(screen)")
        _ = app.update(.key(.down))
        _ = app.update(.key(.enter))
        #expect(app.state.prompt?.label == "temperature, 0 to 2 (empty: the model's default)")
        _ = app.update(.paste("0.7"))
        #expect(app.update(.key(.enter)) == [.setParameters(ModelParameters(temperature: 0.7))])
        #expect(app.state.overlay == .settings(selected: 1), "the panel comes back")
        #expect(app.state.status.text == "temperature 0.7 from the next request")
        screen = Screen.render(app, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("temperature    0.7"))

        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.enter))
        _ = app.update(.paste("lots"))
        #expect(app.update(.key(.enter)).isEmpty, "a bad value is not sent")
        #expect(app.state.status.text == "not set: max_tokens must be a whole number from 1 to 10000000, not \"lots\"" && app.state.status.isError)

        _ = app.update(.key(.up))
        _ = app.update(.key(.up))
        #expect(app.update(.key(.backspace)) == [.setParameters(ModelParameters())], "Backspace resets a row to the model's default")

        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.enter))
        _ = app.update(.paste("Answer in French."))
        #expect(app.update(.key(.enter)) == [.setSystemPrompt("Answer in French.")])
        _ = app.update(.key(.escape))
        #expect(app.state.overlay == nil)
    }

    @Test func aRoleIsChosenWithAPreviewAndSetsPromptParametersAndModel() {
        var state = AppState(providerName: "p", model: "m")
        var terse = RoleDefinition(name: "terse", provider: nil, model: nil, parameters: ModelParameters(), prompt: "Answer in one line.")
        terse.parameters.temperature = 0.1
        let review = RoleDefinition(name: "review", provider: "p", model: "big", parameters: ModelParameters(reasoning: .effort(.high)), prompt: "You review diffs.\nName the risk first.\u{1B}[31m")
        state.setup.roles = [terse, review]
        var app = App(state: state)
        _ = app.update(.key(.control("x")))
        _ = app.update(.key(.enter))
        #expect(app.state.overlay == .roles(selected: 0))
        _ = app.update(.key(.down))
        let frame = Screen.render(app, width: 80, height: 24)
        let screen = frame.lines.joined(separator: "\n")
        #expect(screen.contains("p · big · reasoning=high") && screen.contains("You review diffs.") && screen.contains("Name the risk first."), "\(screen)")
        #expect(!screen.contains("\u{1B}"), "a role file's text is shown, never obeyed")
        #expect(app.update(.key(.enter)) == [
            .setSystemPrompt("You review diffs.\nName the risk first.\u{1B}[31m"), .setParameters(ModelParameters(reasoning: .effort(.high))),
            .switchTo(provider: "p", model: "big"),
        ])
        #expect(app.state.overlay == .settings(selected: 0) && app.state.setup.roleName == "review" && app.state.setup.model == "big")
        _ = app.update(.key(.enter))
        #expect(app.state.overlay == .roles(selected: 1), "it opens at the role in use")
        _ = app.update(.key(.up))
        #expect(app.update(.key(.enter)) == [.setSystemPrompt("Answer in one line."), .setParameters(ModelParameters(temperature: 0.1))], "no model named: the model stays")
    }

    @Test func theSystemPromptShowsWhereItChanged() {
        var app = app()
        _ = app.update(.session(.settingsChanged(ModelParameters(), systemPrompt: "Be brief.\nVery.")))
        _ = app.update(.session(.settingsChanged(ModelParameters(temperature: 1), systemPrompt: "Be brief.\nVery.")))
        #expect(app.state.pane.entries.filter { $0.kind == .notice }.map(\.text) == ["system prompt: Be brief. (+1 more line)"], "a parameter change adds none")
        _ = app.update(.session(.settingsChanged(ModelParameters(), systemPrompt: nil)))
        #expect(app.state.pane.entries.last?.text == "no system prompt from here on")
    }

    @Test func whatTheSessionSaysIsWhatThePanelShows() {
        var app = app()
        _ = app.update(.session(.settingsChanged(ModelParameters(maxTokens: 99, reasoning: .effort(.high)), systemPrompt: "Be brief.")))
        _ = app.update(.key(.control("x")))
        let screen = Screen.render(app, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("max_tokens     99") && screen.contains("reasoning      high") && screen.contains("system prompt  Be brief."), "\(screen)")
        app.reset(title: nil)
        #expect(app.state.setup.parameters.isEmpty && app.state.setup.systemPrompt == nil, "a new conversation starts from the defaults")
    }
}

/// The header's context meter (SPEC 11): the provider's count where given, an estimate (`~`) otherwise,
/// warning from 80 % of the window.
@Suite struct ContextMeterTests {
    @Test func theProvidersCountWinsAndWhatFollowsIsEstimated() {
        let question = Message.user("12345678")  // 8 bytes: 2 tokens, and 4 for the message
        var answer = Message(parent: question.id, role: .assistant, parts: [.text("ok")], usage: Usage(inputTokens: 100, outputTokens: 20))
        #expect(ContextMeter.measure([question]) == (6, true))
        #expect(ContextMeter.measure([question, answer]) == (120, false))
        let next = Message(parent: answer.id, role: .user, parts: [.text("more"), .attachment(AttachmentRef(name: "a.png", mediaType: "image/png", sha256: "", bytes: 9))])
        #expect(ContextMeter.measure([question, answer, next]) == (120 + 1 + ContextMeter.tokensPerImage + 4, true))
        answer.usage = Usage(inputTokens: Int.max, outputTokens: Int.max)
        #expect(ContextMeter.measure([question, answer]).tokens >= 0, "numbers from outside never overflow")
    }

    @Test func theHeaderWarnsFromEightyPerCent() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        app.setProviders([PickerProvider(name: "local", displayName: "Local", problem: nil, models: [ModelInfo(name: "m-1", contextWindow: 1000)])])
        let question = Message.user("q")
        _ = app.update(.session(.messageAdded(question)))
        for (used, role) in [(700, ColorRole.foreground), (820, .warning), (1200, .error)] {
            _ = app.update(.session(.usage(id: "r", Usage(inputTokens: used, outputTokens: 0))))
            let frame = Screen.render(app, width: 60, height: 12)
            let header = frame.text(row: 0)
            #expect(header.contains("\(Screen.tokens(used))/1.0k"), "\(header)")
            let column = DisplayWidth.of(String(header.prefix { $0 != "/" })) - 1
            #expect(frame[column, 0].style.foreground == role, "\(used)")
        }
    }
}
