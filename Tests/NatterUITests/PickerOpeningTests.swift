import NatterProviders
import Testing

@testable import NatterUI

/// The picker opens where the person is, and a provider that cannot be used says what to do about it.
@Suite struct PickerOpeningTests {
    static func app(provider: String, model: String) -> App {
        var app = App(state: AppState(providerName: provider, model: model))
        app.setProviders([
            PickerProvider(name: "one", displayName: "One", problem: nil, models: [ModelInfo(name: "a"), ModelInfo(name: "b")]),
            PickerProvider(name: "two", displayName: "Two", problem: nil, models: [ModelInfo(name: "x"), ModelInfo(name: "y")]),
            PickerProvider(name: "keyed", displayName: "Keyed", problem: .missing(["KEYED_API_KEY"]), models: [ModelInfo(name: "k")]),
        ])
        return app
    }

    static func selectedRow(_ app: App) -> PickerRow? {
        guard case .picker(let picker)? = app.state.overlay else { return nil }
        return app.state.pickerRows.indices.contains(picker.selected) ? app.state.pickerRows[picker.selected] : nil
    }

    @Test func itOpensOnTheModelInUse() {
        var app = Self.app(provider: "two", model: "y")
        _ = app.update(.key(.control("p")))
        guard case .model(let provider, let info)? = Self.selectedRow(app) else {
            Issue.record("no model row selected")
            return
        }
        #expect(provider == "two" && info.name == "y")
    }

    @Test func aModelNotListedOpensOnItsProvider() {
        var app = Self.app(provider: "two", model: "unlisted")
        _ = app.update(.key(.control("p")))
        guard case .model(let provider, let info)? = Self.selectedRow(app) else {
            Issue.record("no model row selected")
            return
        }
        #expect(provider == "two" && info.name == "x")
    }

    @Test func aProviderMissingItsKeyNamesTheVariableAndWhatToDo() {
        var app = Self.app(provider: "keyed", model: "k")
        _ = app.update(.key(.control("p")))
        let intents = app.update(.key(.enter))
        #expect(intents.isEmpty, "nothing is switched to")
        let status = app.state.status.text ?? ""
        #expect(status.contains("KEYED_API_KEY") && status.contains("export") && status.contains("start natter again"), "\(status)")
    }

    /// Filtering highlights a model the person can use, not the first match of a provider missing its key;
    /// Ctrl+U clears the filter (issue 29, point 12).
    @Test func aFilterHighlightsAReadyModelFirstAndCtrlUClearsIt() {
        var app = App(state: AppState(providerName: "one", model: "a"))
        app.setProviders([
            PickerProvider(name: "azure", displayName: "Azure", problem: .missing(["AZURE_KEY"]), models: [ModelInfo(name: "gpt-4o")]),
            PickerProvider(name: "openai", displayName: "OpenAI", problem: nil, models: [ModelInfo(name: "gpt-4o")]),
            PickerProvider(name: "one", displayName: "One", problem: nil, models: [ModelInfo(name: "a")]),
        ])
        _ = app.update(.key(.control("p")))
        _ = app.update(.paste("gpt-4o"))
        guard case .model(let provider, _)? = Self.selectedRow(app) else {
            Issue.record("no model row selected")
            return
        }
        #expect(provider == "openai")
        #expect(app.update(.key(.enter)) == [.switchTo(provider: "openai", model: "gpt-4o")])
        _ = app.update(.key(.control("p")))
        _ = app.update(.paste("zzz"))
        _ = app.update(.key(.control("u")))
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("the picker closed")
            return
        }
        #expect(picker.filter.string.isEmpty)
    }

    /// Ctrl+O opens with the models compared last time marked.
    @Test func compareRemembersTheLastMarks() {
        var app = Self.app(provider: "one", model: "a")
        _ = app.update(.key(.control("o")))
        _ = app.update(.paste(" "))
        _ = app.update(.key(.down))
        _ = app.update(.paste(" "))
        _ = app.update(.key(.enter))
        let compared = app.state.compare?.origins ?? []
        #expect(compared.count == 2)
        _ = app.update(.key(.control("o")))  // leaves compare
        _ = app.update(.key(.control("o")))
        guard case .picker(let picker)? = app.state.overlay else {
            Issue.record("no picker")
            return
        }
        #expect(picker.marked == compared)
    }
}
