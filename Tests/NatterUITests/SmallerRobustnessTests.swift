import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// The smaller points of the robustness issue, each on its own: what is drawn, what two quick Ctrl+C do.
@Suite struct SmallerRobustnessTests {
    @Test func tagCharactersAndBidiOverridesAreNeverDrawn() {
        let smuggled = "visible" + String(String.UnicodeScalarView("hidden".unicodeScalars.map { Unicode.Scalar(0xE0000 + $0.value)! }))
        #expect(TerminalText.sanitized(smuggled + "\u{202E}txet") == "visibletxet")
        var app = App(state: AppState(providerName: "p", model: "m"))
        _ = app.update(.session(.messageAdded(.user(smuggled))))
        let text = Screen.render(app, width: 40, height: 10).lines.joined()
        #expect(text.contains("visible") && !text.unicodeScalars.contains { (0xE0000...0xE007F).contains($0.value) })
    }

    @Test func aSecondCtrlCWhileTheCancelledReplyWindsDownQuits() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        app.startReply()
        #expect(app.update(.key(.control("c"))) == [.cancelReply])
        #expect(app.update(.key(.control("c"))) == [.quit], "not swallowed")
    }

    @Test func aFinishedReplyMarkedByTheContentFilterSaysSo() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        app.play(question: "q", answer: ["partial"], finish: .contentFilter)
        #expect(Screen.render(app, width: 80, height: 12).lines.joined().contains("content filter"))
    }
}
