import Foundation
import NatterProviders
import Testing

@testable import NatterSession
@testable import NatterUI

/// The sessions browser and the review as a reducer: keys and the runner's results in, state and intents
/// out, no terminal (until now only tmux tests reached it).
@Suite struct SessionsReducerTests {
    static func summary(_ id: String, _ title: String, messages: Int = 2) -> SessionSummary {
        var summary = SessionSummary(id: id, lastActivity: Date(timeIntervalSince1970: 1_800_000_000))
        summary.title = title
        summary.messageCount = messages
        return summary
    }

    static let listed = [summary("s3", "Tapir habits"), summary("s2", "Rust lifetimes"), summary("s1", "Tapir diets")]

    /// An app with Ctrl+S open and the list in.
    static func browsing() -> App {
        var app = App(state: AppState(providerName: "p", model: "m"))
        #expect(app.update(.key(.control("s"))) == [.listSessions])
        _ = app.update(.sessionsListed(listed))
        return app
    }

    static func browser(_ app: App) -> BrowserState? {
        if case .sessions(let browser)? = app.state.overlay { return browser }
        return nil
    }

    /// The browser's own update, without an app: its state and a command in, the next step out.
    @Test func theBrowserUpdatesAloneWithoutTheApp() {
        var browser = BrowserState()
        browser.sessions = Self.listed
        browser.isLoading = false
        let list = SessionsOverlay.bindings(.standard, mode: .list)
        #expect(list.command(for: .function(2)) == .act(.rename) && list.command(for: .delete) == .act(.delete))
        #expect(list.command(for: .control("s")) == .close && list.command(for: .control("f")) == .switchMode)
        #expect(list.command(for: .character("x"), typing: { .type(String($0)) }) == .type("x"), "letters filter")
        #expect(SessionsOverlay.bindings(.standard, mode: .search).command(for: .function(2)) == nil, "hits are not renamed")

        guard case .browse(let moved) = SessionsOverlay.update(browser, .bottom) else { Issue.record("End moves"); return }
        #expect(moved.selected == 2)
        #expect(SessionsOverlay.update(moved, .move(10)) == .browse(moved), "held at the last row")
        #expect(SessionsOverlay.update(moved, .open) == .open(id: "s1", focus: nil, highlight: nil))
        #expect(SessionsOverlay.update(moved, .act(.export)) == .ask(.export, Self.listed[2]))

        guard case .browse(let filtered) = SessionsOverlay.update(moved, .type("tapir")) else { Issue.record("typing filters"); return }
        #expect(filtered.filteredSessions.map(\.id) == ["s3", "s1"] && filtered.selected == 0)
        var nothing = filtered
        nothing.filter = InputBuffer("zebra")
        #expect(SessionsOverlay.update(nothing, .act(.delete)) == .browse(nothing), "no session, nothing to ask about")
        #expect(SessionsOverlay.update(nothing, .open) == .browse(nothing))

        // Tab into search with nothing typed yet: no search to run. Typing starts one; stale hits go.
        guard case .browse(let searching) = SessionsOverlay.update(filtered, .switchMode) else { Issue.record("Tab searches"); return }
        #expect(searching.mode == .search && searching.selected == 0)
        guard case .search(var typed) = SessionsOverlay.update(searching, .type("caf")) else { Issue.record("typing searches"); return }
        #expect(typed.searchedQuery == "caf" && typed.isSearching && typed.hits.isEmpty)
        let hit = SearchHit(sessionID: "s2", messageID: "m7", position: 7, role: .assistant, before: "a ", match: "café", after: " here")
        typed.hits = [hit]
        #expect(SessionsOverlay.update(typed, .open) == .open(id: "s2", focus: "m7", highlight: "caf"))
        #expect(SessionsOverlay.update(typed, .close) == .close(cancelSearch: true), "a search still running is cancelled")
        guard case .search(let erased) = SessionsOverlay.update(typed, .erase) else { Issue.record("Backspace searches again"); return }
        #expect(erased.searchedQuery == "ca" && erased.hits.isEmpty)
        guard case .browse(let back) = SessionsOverlay.update(typed, .switchMode) else { Issue.record("Tab goes back"); return }
        #expect(back.mode == .list && back.filter.string == "tapir", "the list's filter is kept")
        guard case .search(let again) = SessionsOverlay.update(back, .switchMode) else { Issue.record("Tab with a query searches"); return }
        #expect(again.searchedQuery == "caf" && again.hits.isEmpty, "the query is searched again")
    }

    /// A review's letters are commands, bound once: the bar shows them, F1 lists them, the keys mean them.
    @Test func theReviewsLettersAreItsBindings() {
        let review = ReviewBar.bindings(.standard, current: "p · m")
        #expect(review.command(for: .character("c")) == .resume(withCurrentModel: true))
        #expect(review.command(for: .enter) == .resume(withCurrentModel: false) && review.command(for: .character("r")) == .resume(withCurrentModel: false))
        #expect(review.command(for: .character("d")) == .act(.delete) && review.command(for: .character("G")) == .bottom)
        #expect(review.command(for: .control("f")) == .find && review.command(for: .character("x")) == nil)
        #expect(review.hints() == "Enter resume · c resume with p · m · n rename · e export · d delete · Esc back")
        var browser = BrowserState()
        browser.sessions = Self.listed
        let reviewing = ReviewState(
            summary: Self.listed[1], problems: [], highlight: nil, browser: browser,
            parked: ParkedChat(AppState(providerName: "p", model: "m", title: "chat")))
        #expect(ReviewBar.update(reviewing, .back) == .browse(browser), "Esc goes back to the list it came from")
        #expect(ReviewBar.update(reviewing, .resume(withCurrentModel: true)) == .resume(sessionID: "s2", withCurrentModel: true))
        #expect(ReviewBar.update(reviewing, .act(.rename)) == .ask(Prompt.asking(.rename, about: Self.listed[1])))
        #expect(ReviewBar.update(reviewing, .page(-1)) == .scroll(lines: 0, pages: -1))
        #expect(ReviewBar.update(reviewing, .scroll(3)) == .scroll(lines: 3, pages: 0))
        var app = Self.browsing()
        _ = app.update(.key(.enter))
        _ = app.update(.sessionOpened(Self.listed[0], transcript: Self.transcript(), focus: nil, highlight: nil))
        _ = app.update(.key(.control("f")))
        #expect(app.update(.paste("de")).count == 1 && app.state.prompt == nil, "typed into the find bar, not taken as d (delete), e (export)")
        #expect(app.state.find?.query.string == "de")
        _ = app.update(.key(.escape))
        let bar = Screen.render(app, width: 120, height: 20).lines[18]
        #expect(bar.contains("read-only  Enter resume c resume with p · m n rename e export d delete Esc back"), "\(bar)")
    }

    @Test func typingFiltersAndEnterOpensTheChosenOne() {
        var app = Self.browsing()
        #expect(Self.browser(app)?.isLoading == false)
        _ = app.update(.key(.down))
        #expect(Self.browser(app)?.selected == 1)
        _ = app.update(.paste("tapir"))
        #expect(Self.browser(app)?.filteredSessions.map(\.id) == ["s3", "s1"])
        #expect(Self.browser(app)?.selected == 0, "a new filter starts at its first match")
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        #expect(Self.browser(app)?.selected == 1, "held at the last row")
        #expect(app.update(.key(.enter)) == [.openSession(id: "s1", focusMessage: nil, highlight: nil)])
        _ = app.update(.key(.backspace))
        #expect(Self.browser(app)?.filter.string == "tapi")
    }

    @Test func tabSearchesEveryTranscriptAndStaleHitsAreDropped() {
        var app = Self.browsing()
        _ = app.update(.key(.tab))
        #expect(Self.browser(app)?.mode == .search)
        #expect(app.update(.paste("ca")) == [.searchSessions("ca", among: ["s3", "s2", "s1"])])
        #expect(app.update(.paste("f")) == [.searchSessions("caf", among: ["s3", "s2", "s1"])])
        let hit = SearchHit(sessionID: "s2", messageID: "m7", position: 7, role: .assistant, before: "a ", match: "café", after: " here")
        _ = app.update(.searchHits(query: "ca", [hit]))
        #expect(Self.browser(app)?.hits.isEmpty == true, "hits of an older query are dropped")
        _ = app.update(.searchHits(query: "caf", [hit]))
        _ = app.update(.searchFinished(query: "caf"))
        #expect(Self.browser(app)?.hits == [hit] && Self.browser(app)?.isSearching == false)
        #expect(app.update(.key(.enter)) == [.openSession(id: "s2", focusMessage: "m7", highlight: "caf")])
        #expect(app.update(.key(.escape)) == [], "the search is over: nothing to cancel")
        #expect(app.state.overlay == nil)
    }

    @Test func renameAndDeleteAskFirstAndTheListFollows() {
        var app = Self.browsing()
        _ = app.update(.key(.function(2)))
        #expect(app.state.prompt?.kind == .rename(sessionID: "s3") && app.state.prompt?.input.string == "Tapir habits")
        _ = app.update(.key(.control("u")))
        _ = app.update(.paste("Tapirs"))
        #expect(app.update(.key(.enter)) == [.renameSession(id: "s3", title: "Tapirs")])
        _ = app.update(.sessionRenamed(id: "s3", title: "Tapirs"))
        #expect(Self.browser(app)?.sessions.first?.title == "Tapirs")

        _ = app.update(.key(.down))
        _ = app.update(.key(.delete))
        #expect(app.state.prompt?.kind == .confirmDelete(sessionID: "s2"))
        #expect(app.update(.paste("n")) == [], "anything but y keeps it")
        #expect(app.state.prompt == nil)
        _ = app.update(.key(.delete))
        #expect(app.update(.paste("y")) == [.deleteSession(id: "s2")])
        _ = app.update(.sessionDeleted(id: "s2"))
        #expect(Self.browser(app)?.sessions.map(\.id) == ["s3", "s1"])
        #expect(Self.browser(app)?.selected == 1)
    }

    static func transcript() -> Transcript {
        let lines = [
            #"{"type":"session","id":"s1","created":"2026-12-01T10:00:00Z","version":2}"#,
            #"{"type":"message","id":"q","role":"user","parts":[{"type":"text","text":"what do tapirs eat?"}],"ts":"2026-12-01T10:00:01Z"}"#,
            #"{"type":"message","id":"a","parent":"q","role":"assistant","parts":[{"type":"text","text":"leaves"}],"provider":"old","model":"x","finish":"stop","ts":"2026-12-01T10:00:02Z"}"#,
        ]
        return TranscriptReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func aReviewParksTheChatAndGoesBackToIt() {
        var app = Self.browsing()
        _ = app.update(.session(.messageAdded(.user("my live question"))))
        _ = app.update(.sessionOpened(Self.listed[2], transcript: Self.transcript(), focus: nil, highlight: "tapirs"))
        #expect(app.state.review?.summary.id == "s1" && app.state.overlay == nil)
        #expect(app.state.pane.entries.map(\.text) == ["what do tapirs eat?", "leaves"])
        #expect(app.state.review?.highlight == "tapirs")
        #expect(app.update(.key(.character("c"))) == [.resumeSession(id: "s1", withCurrentModel: true)])
        #expect(app.update(.key(.enter)) == [.resumeSession(id: "s1", withCurrentModel: false)])
        _ = app.update(.key(.escape))
        #expect(Self.browser(app) != nil, "Esc goes back to the list it came from")
        _ = app.update(.key(.escape))
        #expect(app.state.review == nil)
        #expect(app.state.pane.entries.map(\.text) == ["my live question"], "the live chat as it was")
    }

    /// Issue 30: after Ctrl+S, Enter, Esc, Esc the header's meter showed the reviewed session's count, and the
    /// chat's parameters and system prompt were the reviewed one's.
    @Test func leavingAReviewGivesBackTheChatsMeterSettingsAndCost() {
        var app = Self.browsing()
        _ = app.update(.session(.messageAdded(.user("my live question"))))
        _ = app.update(.session(.settingsChanged(ModelParameters(temperature: 0.3), systemPrompt: "Be terse.")))
        let meter = app.state.meter.usedTokens
        let header = Screen.render(app, width: 100, height: 20).text(row: 0)
        _ = app.update(.sessionOpened(Self.listed[2], transcript: Self.transcript(), focus: nil, highlight: nil))
        #expect(app.state.meter.usedTokens != meter && app.state.setup.systemPrompt == nil, "the review shows its own")
        _ = app.update(.key(.escape))
        _ = app.update(.key(.escape))
        #expect(app.state.review == nil)
        #expect(app.state.meter.usedTokens == meter, "the header's meter is the live chat's again")
        #expect(app.state.setup.systemPrompt == "Be terse." && app.state.setup.parameters.temperature == 0.3)
        #expect(Screen.render(app, width: 100, height: 20).text(row: 0) == header)
    }

    @Test func resumingMakesTheReviewedSessionTheChat() {
        var app = Self.browsing()
        _ = app.update(.sessionOpened(Self.listed[2], transcript: Self.transcript(), focus: "a", highlight: nil))
        _ = app.update(.sessionResumed(Self.listed[2], provider: "old", model: "x"))
        #expect(app.state.review == nil && app.state.setup.providerName == "old" && app.state.setup.model == "x")
        #expect(app.state.pane.entries.map(\.text) == ["what do tapirs eat?", "leaves"])
        #expect(app.state.status.text == "resumed \"Tapir diets\" with old · x")
    }

    @Test func deletingTheReviewedSessionGoesBackToTheList() {
        var app = Self.browsing()
        _ = app.update(.sessionOpened(Self.listed[2], transcript: Self.transcript(), focus: nil, highlight: nil))
        _ = app.update(.key(.character("d")))
        #expect(app.update(.paste("y")) == [.deleteSession(id: "s1")])
        _ = app.update(.sessionDeleted(id: "s1"))
        #expect(app.state.review == nil)
        #expect(Self.browser(app)?.sessions.map(\.id) == ["s3", "s2"])
    }
}
