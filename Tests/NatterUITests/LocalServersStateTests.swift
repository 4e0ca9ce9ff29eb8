import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// The local servers' probe as the update takes it (issue 31, point 1; SPEC 15): the picker says which run and
/// which do not, and when nothing chose a provider the one running is used and several open the picker.
@Suite struct LocalServersStateTests {
    static func app(choosing: Bool) -> App {
        var state = AppState(providerName: "ollama", model: "")
        state.setup.choosingLocalServer = choosing
        var app = App(state: state)
        _ = app.update(.providersListed(["ollama", "llamacpp", "lmstudio"].map { PickerProvider(name: $0, displayName: $0, problem: nil, models: []) }))
        return app
    }

    static func running(_ name: String, _ models: [String]) -> LocalServerProbe.Result {
        LocalServerProbe.Result(name: name, address: "http://127.0.0.1:1/v1/models", outcome: .running(models: models.count), models: models.map { ModelInfo(name: $0, contextWindow: 2048) })
    }

    static func notRunning(_ name: String) -> LocalServerProbe.Result {
        LocalServerProbe.Result(name: name, address: "http://localhost:9/v1/models", outcome: .notRunning)
    }

    @Test func theOneServerRunningIsUsedWhenNothingChoseAProvider() {
        var app = Self.app(choosing: true)
        let intents = app.update(.localServers([Self.notRunning("ollama"), Self.running("llamacpp", ["/models/SmolLM2.gguf"]), Self.notRunning("lmstudio")]))
        #expect(intents == [.switchTo(provider: "llamacpp", model: "/models/SmolLM2.gguf")])
        #expect(app.state.setup.providerName == "llamacpp" && app.state.setup.model == "/models/SmolLM2.gguf")
        #expect(app.state.setup.providers.first { $0.name == "llamacpp" }?.models.first?.contextWindow == 2048, "with the window it said")
        #expect(app.state.setup.providers.first { $0.name == "ollama" }?.problem == .notRunning(tried: "http://localhost:9/v1/models"))
        #expect(app.update(.localServers([Self.running("lmstudio", ["qwen"])])).isEmpty, "only the first answer chooses")
    }

    @Test func severalRunningOpenThePickerOnThemAndNoneChangesNothing() {
        var app = Self.app(choosing: true)
        #expect(app.update(.localServers([Self.running("llamacpp", ["a"]), Self.running("lmstudio", ["b"])])).isEmpty)
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("the picker is not open")
            return
        }
        #expect(app.state.pickerRows[picker.selected] == .model(provider: "llamacpp", info: ModelInfoRow(name: "a", contextWindow: 2048, supportsTools: true, supportsVision: false, unavailable: false)))
        let screen = Screen.render(app, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(!screen.contains("not running"), "\(screen)")

        var none = Self.app(choosing: true)
        #expect(none.update(.localServers([Self.notRunning("ollama"), Self.notRunning("llamacpp")])).isEmpty)
        #expect(none.state.setup.providerName == "ollama" && none.state.overlay == nil)
    }

    /// A server not running is marked so in the picker, with the address tried, and choosing it says why.
    @Test func aServerNotRunningSaysTheAddressTriedAndCannotBeChosen() {
        var app = Self.app(choosing: false)
        _ = app.update(.localServers([Self.notRunning("lmstudio")]))
        _ = app.update(.modelsDiscovered(provider: "lmstudio", models: [ModelInfo(name: "old")]))
        _ = app.update(.key(.control("p")))
        let screen = Screen.render(app, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("not running (tried http://localhost:9/v1/models)"), "\(screen)")
        _ = app.update(.paste("old"))
        #expect(app.update(.key(.enter)).isEmpty)
        #expect(app.state.status.text?.hasPrefix("lmstudio is not running") == true)
        _ = app.update(.key(.escape))
        _ = app.update(.localServers([Self.running("lmstudio", ["old"])]))
        #expect(app.state.setup.providers.first { $0.name == "lmstudio" }?.problem == nil, "running again, it can be chosen")
    }
}
