import Foundation
import Testing

@testable import NatterUI

/// tok/s counts from the first token, the wait for it is said apart, and the last reply's figures stay on the
/// status line (issue 29, point 5: a server that spent 2.3 s on the prompt read 2 tok/s where it streamed 79).
@Suite struct ReplySpeedTests {
    @Test func thePaceIsFromTheFirstTokenAndTheWaitIsApart() {
        let sent = ContinuousClock.now
        var speed = ReplySpeed(sent: sent)
        #expect(speed.tokensPerSecond() == nil && speed.summary().isEmpty)
        // 2.3 s of prompt processing, then 80 tokens over one second.
        for index in 0...80 { speed.token(at: sent + .milliseconds(2300) + .milliseconds(index * 1000 / 80)) }
        #expect(speed.tokensPerSecond().map { Int($0.rounded()) } == 80)
        #expect(speed.timeToFirstToken == .milliseconds(2300))
        #expect(speed.summary() == "80 tok/s · first token 2.3 s")
    }

    @Test func theLastRepliesFiguresStayOnTheStatusLine() {
        let app = App(state: AppState(providerName: "local", model: "m-1"))
        app.play(question: "hi", answer: ["a", "b", "c"])
        _ = app.update(.session(.turnEnded))
        #expect(app.state.lastReplySpeed?.tokens == 3 && app.state.replySpeed == nil)
        let sent = ContinuousClock.now
        var speed = ReplySpeed(sent: sent)
        for index in 0...40 { speed.token(at: sent + .seconds(1) + .milliseconds(index * 25)) }
        app.state.lastReplySpeed = speed
        let status = Screen.render(app, width: 120, height: 20).lines.last ?? ""
        #expect(status.hasPrefix(" last reply 40 tok/s · first token 1.0 s · Enter send"), "\(status)")
    }

    @Test func aQuickFirstTokenIsNotSaid() {
        let sent = ContinuousClock.now
        var speed = ReplySpeed(sent: sent)
        speed.token(at: sent + .milliseconds(100))
        #expect(speed.noteworthyWait == nil && speed.summary().isEmpty)
    }
}
