import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// F3, history search: this conversation's messages at once, the saved sessions' as they arrive, narrowed by
/// every word typed (as the terminal delivers typing: a character at a time), Enter puts one into the input.
@Suite struct HistorySearchTests {
    static func opened() -> (App, [AppIntent]) {
        var app = App(state: AppState(providerName: "p", model: "m"))
        _ = app.update(.session(.messageAdded(Message(id: "u1", parent: nil, role: .user, parts: [.text("here and now")]))))
        let intents = app.update(.key(.function(3)))
        return (app, intents)
    }

    static func search(_ app: App) -> HistorySearchState? {
        if case .history(let search)? = app.state.overlay { return search }
        return nil
    }

    @Test func typingNarrowsAndEnterPutsTheMessageIntoTheInput() {
        var (app, intents) = Self.opened()
        #expect(intents == [.loadTypedHistory])
        _ = app.update(.typedHistory(["how do tapirs swim", "Tapir diet?", "here and now", "unrelated"], done: false))
        #expect(Self.search(app)?.shown.count == 4, "the one typed here is not listed twice")
        for character in "tapir" { _ = app.update(.paste(String(character))) }
        #expect(Self.search(app)?.shown.map { Self.search(app)!.messages[$0] } == ["how do tapirs swim", "Tapir diet?"])
        for character in " sw" { _ = app.update(.paste(String(character))) }
        #expect(Self.search(app)?.shown.count == 1, "every word must be there: \(String(describing: Self.search(app)?.query.string.debugDescription)) \(String(describing: Self.search(app)?.shown))")
        _ = app.update(.typedHistory(["tapirs swim well"], done: true))
        #expect(Self.search(app)?.shown.count == 2 && Self.search(app)?.loading == false, "later batches are searched too")
        _ = app.update(.key(.backspace))
        _ = app.update(.key(.backspace))
        _ = app.update(.key(.backspace))
        #expect(Self.search(app)?.shown.count == 3, "a shorter query widens again")
        _ = app.update(.key(.down))
        let chosen = app.update(.key(.enter))
        #expect(chosen == [.cancelTypedHistory] && app.state.overlay == nil)
        #expect(app.state.composer.input.string == "Tapir diet?")
    }

    @Test func escapeClosesAndStopsTheReading() {
        var (app, _) = Self.opened()
        #expect(app.update(.key(.escape)) == [.cancelTypedHistory] && app.state.overlay == nil)
        #expect(app.update(.typedHistory(["late"], done: true)) == [] && app.state.overlay == nil, "a late batch opens nothing")
    }

    @Test func theFrameShowsTheMatchesAndTheCount() {
        var (app, _) = Self.opened()
        _ = app.update(.resized(width: 100, height: 30))
        _ = app.update(.typedHistory(["how do tapirs swim"], done: false))
        let screen = Screen.render(app, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("Typed before") && screen.contains("how do tapirs swim") && screen.contains("2…"), "\(screen)")
    }
}

extension HistorySearchTests {
    @Test func wordsAreFoundByTheirBytesInAnyCaseAndScript() {
        var search = HistorySearchState(typedHere: ["Crème BRÛLÉE recipe", "plain", "日本語のテキスト", "ab"])
        search.query = InputBuffer("brû")
        search.refilter()
        #expect(search.shown == [0])
        search.query = InputBuffer("テキ")
        search.refilter()
        #expect(search.shown == [2])
        search.query = InputBuffer("abc")
        search.refilter()
        #expect(search.shown.isEmpty, "a word longer than the message")
        search.query = InputBuffer("")
        search.refilter()
        #expect(search.shown == [0, 1, 2, 3])
    }
}
