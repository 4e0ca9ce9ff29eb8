import NatterProviders
import Testing

@testable import NatterUI

/// `/` commands (SPEC 13): made from the chat's actions and their help, read and refused before anything is sent,
/// completed with Tab, and run by Enter as the keys and panels they stand for. Typed as the terminal delivers it.
@Suite struct SlashCommandTests {
    @Test func everyActionHasACommandWhoseHelpIsItsBindings() {
        for action in Keymap.Action.allCases {
            let command = SlashCommand.all.first { $0 == .action(action) }
            #expect(command != nil, "\(action) has no command")
            #expect(command?.help.hasPrefix(action.help) == true, "\(action): the help F1 gives its key")
        }
        let names = SlashCommand.all.map(\.name)
        #expect(Set(names).count == names.count, "no two commands share a name")
        #expect(names.allSatisfy { !$0.isEmpty && $0 == $0.lowercased() && !$0.contains(" ") })
    }

    @Test func theInputIsReadAsACommandAMessageOrARefusal() {
        #expect(SlashInput.read("hello") == nil)
        #expect(SlashInput.read("//etc/hosts is a file") == .message("/etc/hosts is a file"))
        #expect(SlashInput.read("/theme  light ") == .command(.theme, argument: "light"))
        #expect(SlashInput.read("/copy") == .command(.action(.copy), argument: ""))
        guard case .refused(let missing)? = SlashInput.read("/model") else { return #expect(Bool(false)) }
        #expect(missing.contains("/model NAME"))
        guard case .refused(let extra)? = SlashInput.read("/help me") else { return #expect(Bool(false)) }
        #expect(extra.contains("takes nothing"))
        guard case .refused(let unknown)? = SlashInput.read("/sesions") else { return #expect(Bool(false)) }
        #expect(unknown.contains("/sessions"), "a near name is offered: \(unknown)")
    }

    static func app() -> App {
        var state = AppState(providerName: "local", model: "small")
        state.display.themeNames = ["dark", "light"]
        state.setup.providers = [
            PickerProvider(name: "local", displayName: "Local", problem: nil, models: [ModelInfo(name: "small"), ModelInfo(name: "large")]),
            PickerProvider(name: "openai", displayName: "OpenAI", problem: nil, models: [ModelInfo(name: "gpt-4o")]),
        ]
        return App(state: state)
    }

    /// Typed as a person types: each character arrives as one character of text. (Text arriving whole that
    /// starts with `/` reads as a dropped path, and is asked of the disk first.)
    static func type(_ text: String, into app: inout App) {
        for character in text { _ = app.update(.paste(String(character))) }
    }

    static func entered(_ text: String, into app: inout App) -> [AppIntent] {
        type(text, into: &app)
        return app.update(.key(.enter))
    }

    @Test func enterRunsTheCommandAndClearsTheInput() {
        var app = Self.app()
        #expect(Self.entered("/theme light", into: &app) == [.applyTheme("light")])
        #expect(app.state.composer.input.string.isEmpty && app.state.display.themeName == "light")
        #expect(Self.entered("/model large", into: &app) == [.switchTo(provider: "local", model: "large")])
        #expect(Self.entered("/model openai/gpt-4o", into: &app) == [.switchTo(provider: "openai", model: "gpt-4o")])
        var parameters = ModelParameters()
        parameters.temperature = 0.2
        #expect(Self.entered("/set temperature 0.2", into: &app) == [.setParameters(parameters)])
        #expect(Self.entered("//not a command", into: &app) == [.send("/not a command")])
        #expect(Self.entered("/sessions", into: &app) == [.listSessions], "an action, as its key runs it")
        #expect(app.state.composer.history.suffix(2) == ["/not a command", "/sessions"], "↑ brings a command back")
    }

    @Test func aCommandThatCannotRunSendsNothingAndKeepsTheInput() {
        var app = Self.app()
        for input in ["/set temperature hot", "/model nonesuch", "/theme plaid", "/nope", "/set colour 3", "/copy 2"] {
            #expect(Self.entered(input, into: &app) == [], "\(input)")
            #expect(app.state.composer.input.string == input, "\(input): kept to be fixed")
            #expect(app.state.status.isError, "\(input): said")
            _ = app.update(.key(.control("u")))
        }
    }

    @Test func tabCompletesTheNameThenTheArgument() {
        var app = Self.app()
        Self.type("/mod", into: &app)
        _ = app.update(.key(.tab))
        #expect(app.state.composer.input.string == "/model ")
        Self.type("la", into: &app)
        _ = app.update(.key(.tab))
        #expect(app.state.composer.input.string == "/model large")
        _ = app.update(.key(.control("u")))
        Self.type("/set t", into: &app)
        _ = app.update(.key(.tab))
        #expect(app.state.composer.input.string == "/set temperature ")
        #expect(SlashCompletion.rows(for: "/", in: app.state).count == SlashCommand.all.count)
        #expect(SlashCompletion.rows(for: "/model ", in: app.state).map(\.text).contains("openai/gpt-4o"))
    }

    @Test func theListShowsAboveTheInputWhileACommandIsTyped() {
        var app = Self.app()
        _ = app.update(.resized(width: 100, height: 30))
        Self.type("/the", into: &app)
        let screen = Screen.render(app, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("/themes") && screen.contains("/theme NAME") && screen.contains("use a theme"), "\(screen)")
    }
}
