import Foundation
import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// A switch of model is one notice at its point of the conversation (issue 29, point 13: after F2 back and forth,
/// an edit there showed "switched to litellm · mock-fast" twice).
@Suite struct SwitchNoticeTests {
    @Test func aSwitchAtAPointThatHasOneReplacesIt() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        let first = app.play(question: "first", answer: ["one"])
        _ = app.update(.session(.turnEnded))
        for (provider, model) in [("litellm", "mock-fast"), ("local", "m-1"), ("litellm", "mock-fast")] {
            _ = app.update(.session(.switched(provider: provider, model: model)))
        }
        #expect(app.state.pane.entries.filter { $0.switchedTo != nil }.map(\.text) == ["switched to litellm · mock-fast"])
        app.play(question: "second", answer: ["two"], provider: "litellm", model: "mock-fast")
        _ = app.update(.session(.turnEnded))
        // An edit of "second" goes back to the point after "one", and the model of that point is chosen again.
        _ = app.update(.session(.activated(leaf: first)))
        _ = app.update(.session(.switched(provider: "litellm", model: "mock-fast")))
        let shown = app.state.pane.entries.filter { $0.switchedTo != nil }.map(\.text)
        #expect(shown == ["switched to litellm · mock-fast"], "\(app.state.pane.entries.map(\.text))")
        #expect(app.state.notices[first]?.filter { $0.switchedTo != nil }.count == 1)
    }
}
