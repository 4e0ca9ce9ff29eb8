import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Ctrl+F as the app's state machine sees it; the search itself runs where the runner puts it (here, inline).
@Suite struct FindTests {
    static func chat() -> App {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        app.play(question: "Tell me about the tapir", answer: ["The Tapir is a mammal.\n\nA tapir swims well."])
        for index in 0..<30 { app.play(question: "filler \(index)", answer: ["nothing to see \(index)"]) }
        app.play(question: "Café or tea?", answer: ["A CAFÉ, then a TAPIR."])
        _ = Screen.render(app, width: 60, height: 20)
        return app
    }

    /// Types `text` and hands the search it asks for its own results, as the runner would.
    @discardableResult
    static func type(_ text: String, into app: inout App) -> [AppIntent] {
        let intents = app.update(.paste(text))
        for case .find(let query, let generation, let corpus) in intents {
            _ = app.update(.findResults(generation: generation, corpus.matches(of: query, shouldStop: { false }) ?? []))
        }
        return intents
    }

    @Test func everyMatchIsCountedAndEnterAndArrowsMoveThroughThemWrapping() {
        var app = Self.chat()
        _ = app.update(.key(.control("f")))
        #expect(app.state.find != nil)
        Self.type("TAPIR", into: &app)
        #expect(app.state.find?.matches.count == 4, "the question, twice in its answer, the last reply: case-insensitive")
        #expect(app.state.find?.counter == "4/4", "the first match at or after the view, which was at the bottom")
        var screen = Screen.render(app, width: 60, height: 20).lines.joined(separator: "\n")
        #expect(screen.contains("A CAFÉ, then a TAPIR.") && screen.contains("4/4"))
        _ = app.update(.key(.enter))
        #expect(app.state.find?.counter == "1/4", "past the last: the first")
        screen = Screen.render(app, width: 60, height: 20).lines.joined(separator: "\n")
        #expect(screen.contains("Tell me about the tapir"), "the view went to it")
        _ = app.update(.key(.enter))
        _ = app.update(.key(.enter))
        #expect(app.state.find?.counter == "3/4")
        _ = app.update(.key(.up))
        #expect(app.state.find?.counter == "2/4")
        _ = app.update(.key(.character("n")))
        #expect(app.state.find?.counter == "3/4", "after Enter, n moves on")
        _ = app.update(.key(.character("N")))
        #expect(app.state.find?.counter == "2/4", "and N back")
    }

    @Test func theFirstMatchIsShownBeforeTheOthersAreCounted() {
        var app = Self.chat()
        _ = app.update(.key(.control("f")))
        let intents = app.update(.paste("tapir"))
        guard case .find(let query, let generation, let corpus)? = intents.first else {
            Issue.record("no search asked for")
            return
        }
        let first = corpus.firstMatch(of: query, shouldStop: { false })
        #expect(first?.entryIndex == corpus.entries.count - 1, "from the view's top, which is at the bottom: the last reply")
        _ = app.update(.firstFindMatch(generation: generation, first!))
        #expect(app.state.find?.counter == "1/1+", "one shown, more being counted")
        #expect(Screen.render(app, width: 60, height: 20).lines.joined().contains("A CAFÉ, then a TAPIR."))
        _ = app.update(.findResults(generation: generation, corpus.matches(of: query, shouldStop: { false }) ?? []))
        #expect(app.state.find?.counter == "4/4", "the count replaces it, on the same match")
        _ = app.update(.firstFindMatch(generation: generation - 1, first!))
        #expect(app.state.find?.counter == "4/4", "an older search's first match is ignored")
        var wrapped = corpus
        wrapped.shownFrom = corpus.entries.count
        #expect(wrapped.firstMatch(of: "tell me about", shouldStop: { false })?.entryIndex == 0, "from the start when nothing follows")
    }

    @Test func escapeGoesBackToWhereTheViewWasAndLettersTypeUntilEnter() {
        var app = Self.chat()
        let before = app.state.pane.scroll
        _ = app.update(.key(.control("f")))
        Self.type("caf", into: &app)
        #expect(app.state.find?.matches.count == 2, "café and CAFÉ, Unicode-aware")
        _ = app.update(.key(.character("é")))
        #expect(app.state.find?.query.string == "café", "a letter before Enter goes into the query")
        _ = app.update(.key(.escape))
        #expect(app.state.find == nil && app.state.pane.scroll == before)
    }

    @Test func resultsOfAnOlderQueryAreDroppedAndNoMatchSaysSo() {
        var app = Self.chat()
        _ = app.update(.key(.control("f")))
        let first = app.update(.paste("tap"))
        Self.type("ir", into: &app)
        guard case .find(_, let oldGeneration, _)? = first.first else {
            Issue.record("no search asked for")
            return
        }
        _ = app.update(.findResults(generation: oldGeneration, []))
        #expect(app.state.find?.matches.count == 4, "a late answer to \"tap\" does not replace the one for \"tapir\"")
        Self.type("zzz", into: &app)
        #expect(app.state.find?.counter == "0/0")
    }

    @Test func matchesOnScreenAreMarked() {
        var app = Self.chat()
        _ = app.update(.key(.control("f")))
        Self.type("mammal", into: &app)
        let frame = Screen.render(app, width: 60, height: 20)
        let marked = (0..<frame.height).contains { y in (0..<frame.width).contains { x in frame[x, y].style.attributes.contains(.reverse) && frame[x, y].text == "m" } }
        #expect(marked)
    }
}
