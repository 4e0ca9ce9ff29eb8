import NatterProviders
import Testing

@testable import NatterUI

/// The picker opens where the person is, and a provider that cannot be used says what to do about it.
@Suite struct PickerOpeningTests {
    static func app(provider: String, model: String) -> App {
        let app = App(state: AppState(providerName: provider, model: model))
        app.setProviders([
            PickerProvider(name: "one", displayName: "One", problem: nil, models: [ModelInfo(name: "a"), ModelInfo(name: "b")]),
            PickerProvider(name: "two", displayName: "Two", problem: nil, models: [ModelInfo(name: "x"), ModelInfo(name: "y")]),
            PickerProvider(name: "keyed", displayName: "Keyed", problem: "missing KEYED_API_KEY", models: [ModelInfo(name: "k")]),
        ])
        return app
    }

    static func selectedRow(_ app: App) -> PickerRow? {
        guard case .picker(let picker)? = app.state.overlay else { return nil }
        return app.state.pickerRows.indices.contains(picker.selected) ? app.state.pickerRows[picker.selected] : nil
    }

    @Test func itOpensOnTheModelInUse() {
        let app = Self.app(provider: "two", model: "y")
        _ = app.update(.key(.control("p")))
        guard case .model(let provider, let info)? = Self.selectedRow(app) else {
            Issue.record("no model row selected")
            return
        }
        #expect(provider == "two" && info.name == "y")
    }

    @Test func aModelNotListedOpensOnItsProvider() {
        let app = Self.app(provider: "two", model: "unlisted")
        _ = app.update(.key(.control("p")))
        guard case .model(let provider, let info)? = Self.selectedRow(app) else {
            Issue.record("no model row selected")
            return
        }
        #expect(provider == "two" && info.name == "x")
    }

    @Test func aProviderMissingItsKeyNamesTheVariableAndWhatToDo() {
        let app = Self.app(provider: "keyed", model: "k")
        _ = app.update(.key(.control("p")))
        let intents = app.update(.key(.enter))
        #expect(intents.isEmpty, "nothing is switched to")
        let status = app.state.status ?? ""
        #expect(status.contains("KEYED_API_KEY") && status.contains("export") && status.contains("start natter again"), "\(status)")
    }
}
