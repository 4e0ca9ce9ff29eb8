import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// A title a model made reaches the header, and what it cost the header's cost.
@Suite struct TitleEventTests {
    @Test func aModelsTitleIsShownAndItsCostCounted() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        app.play(question: "What are tapirs?", answer: ["Odd-toed ungulates."])
        #expect(app.state.shownTitle == "What are tapirs?")
        _ = app.update(.session(.titled("Tapir Basics", usage: Usage(inputTokens: 40, outputTokens: 6, cost: 0.0002))))
        #expect(app.state.shownTitle == "Tapir Basics")
        #expect(app.state.meter.sessionCost == 0.0002)
        let frame = Screen.render(app, width: 100, height: 20)
        #expect(frame.lines[0].contains("Tapir Basics") && frame.lines[0].contains("$0.0002"), "\(frame.lines[0])")
    }
}
