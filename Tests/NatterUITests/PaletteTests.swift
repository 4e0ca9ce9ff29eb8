import NatterProviders
import Testing

@testable import NatterUI

/// Ctrl+K: every chat action listed with its key, found by typing letters in order, run by Enter as its key would
/// run it. Typed text arrives as the terminal delivers it (a paste of the letters).
@Suite struct PaletteTests {
    static func opened() -> App {
        var state = AppState(providerName: "p", model: "m")
        state.display.themeNames = ["dark", "light"]
        var app = App(state: state)
        _ = app.update(.key(.control("k")))
        return app
    }

    @Test func everyChatActionIsListedButThePaletteItself() {
        let listed = PaletteOverlay.actions(matching: "")
        #expect(Set(listed) == Set(Keymap.Action.allCases).subtracting([.palette]))
    }

    @Test func lettersInOrderFindAnActionBestMatchFirst() {
        #expect(PaletteOverlay.actions(matching: "theme").first == .themes)
        #expect(PaletteOverlay.actions(matching: "sess").first == .sessions)
        #expect(PaletteOverlay.actions(matching: "nwse").contains(.newSession), "letters in order, not together")
        #expect(PaletteOverlay.actions(matching: "zzzq").isEmpty)
        #expect(FuzzyMatch.score("ts", in: "theme picker") == nil, "out of order is no match")
    }

    @Test func enterRunsTheHighlightedActionAsItsKeyWould() {
        var app = Self.opened()
        _ = app.update(.paste("theme"))
        _ = app.update(.key(.enter))
        guard case .themes? = app.state.overlay else {
            Issue.record("the theme picker opens: \(String(describing: app.state.overlay))")
            return
        }
        var sessions = Self.opened()
        _ = sessions.update(.paste("saved sess"))
        let intents = sessions.update(.key(.enter))
        #expect(intents == [.listSessions], "as Ctrl+S does")
    }

    @Test func arrowsMoveBackspaceErasesEscapeCloses() {
        var app = Self.opened()
        _ = app.update(.key(.down))
        guard case .palette(let moved)? = app.state.overlay else { return #expect(Bool(false)) }
        #expect(moved.selected == 1)
        _ = app.update(.paste("hx"))
        _ = app.update(.key(.backspace))
        guard case .palette(let erased)? = app.state.overlay else { return #expect(Bool(false)) }
        #expect(erased.filter.string == "h" && erased.selected == 0)
        _ = app.update(.key(.escape))
        #expect(app.state.overlay == nil)
    }

    @Test func theFrameShowsEachActionWithItsKey() {
        var app = Self.opened()
        _ = app.update(.resized(width: 100, height: 30))
        _ = app.update(.paste("theme"))
        let screen = Screen.render(app, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("> theme") && screen.contains("Ctrl+T") && screen.contains("theme picker"), "\(screen)")
    }
}

extension PaletteTests {
    /// Ctrl+K with text in the input deletes to the line's end, as the shell line does; on an empty input it opens
    /// the palette.
    @Test func ctrlKEditsTheInputWhileItHoldsText() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        _ = app.update(.paste("alpha beta"))
        _ = app.update(.key(.controlLeft))
        _ = app.update(.key(.control("k")))
        #expect(app.state.composer.input.string == "alpha " && app.state.overlay == nil)
        _ = app.update(.key(.control("u")))
        _ = app.update(.key(.control("k")))
        guard case .palette? = app.state.overlay else { return #expect(Bool(false), "the palette opens on an empty input") }
    }
}
