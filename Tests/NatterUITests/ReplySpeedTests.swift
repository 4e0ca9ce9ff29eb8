import Foundation
import NatterProviders
import NatterSession
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
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        app.play(question: "hi", answer: ["a", "b", "c"])
        _ = app.update(.session(.turnEnded))
        #expect(app.state.reply.lastReplySpeed?.tokens == 3 && app.state.reply.replySpeed == nil)
        let sent = ContinuousClock.now
        var speed = ReplySpeed(sent: sent)
        for index in 0...40 { speed.token(at: sent + .seconds(1) + .milliseconds(index * 25)) }
        app.state.reply.lastReplySpeed = speed
        let status = Screen.render(app, width: 120, height: 20).lines.last ?? ""
        #expect(status.hasPrefix(" last reply 40 tok/s · first token 1.0 s · Enter send"), "\(status)")
    }

    /// `update` reads no clock (issue 30, point 1): the reply's figures come from the times `.tick` gave, exactly,
    /// however long the test itself takes.
    @Test func theTimesAreTheTicksNeverTheClock() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        let start = ContinuousClock.Instant.now - .seconds(3600)  // an hour ago: the clock would say otherwise
        _ = app.update(.tick(start))
        let asked = Message.user("hi", parent: nil)
        _ = app.update(.session(.messageAdded(asked)))
        _ = app.update(.session(.replyStarted(id: "r1", parent: asked.id, origin: Origin(provider: "local", model: "m-1"))))
        _ = app.update(.tick(start + .seconds(2)))
        for _ in 0..<21 { _ = app.update(.session(.text(id: "r1", "x"))) }
        _ = app.update(.tick(start + .seconds(4)))
        _ = app.update(.session(.turnEnded))
        let speed = app.state.reply.lastReplySpeed
        #expect(speed?.timeToFirstToken == .seconds(2))
        #expect(speed?.tokensPerSecond() == 10, "20 tokens after the first, over the 2 s between the ticks")
    }

    /// The screen draws with the state's time, never the clock's: a reply streaming for 2 s by `state.now`, an
    /// hour before the test runs, reads its pace over those 2 s.
    @Test func theScreenDrawsWithTheStatesTime() {
        var state = AppState(providerName: "local", model: "m-1")
        let sent = ContinuousClock.Instant.now - .seconds(3600)
        var speed = ReplySpeed(sent: sent)
        speed.token(at: sent + .seconds(1))
        for _ in 0..<40 { speed.token() }
        state.reply.replySpeed = speed
        state.reply.isReplying = true
        state.now = sent + .seconds(3)
        let status = Screen.render(state, layouts: LayoutCaches(transcript: TranscriptLayout(), panes: []), width: 120, height: 20).lines.last ?? ""
        #expect(status.hasPrefix(" streaming · 20 tok/s · first token 1.0 s"), "\(status)")
    }

    @Test func aQuickFirstTokenIsNotSaid() {
        let sent = ContinuousClock.now
        var speed = ReplySpeed(sent: sent)
        speed.token(at: sent + .milliseconds(100))
        #expect(speed.noteworthyWait == nil && speed.summary().isEmpty)
    }

    /// A retry's wait counts every whole second down when the runner wakes where `retryCountChanges` says, even
    /// woken late each time (a busy machine): woken once a second from an arbitrary start, a wake 50 ms late
    /// read "2.9", "1.9", "0.8" and never showed a "1" (seen in CI).
    @Test func aRetryWaitShowsEverySecondEvenWokenLate() {
        var app = App(state: AppState(providerName: "local", model: "m-1"))
        var now = ContinuousClock.Instant.now - .seconds(3600)
        _ = app.update(.tick(now))
        let notice = RetryNotice(attempt: 1, maxRetries: 1, delay: .seconds(4), reason: "slow down")
        _ = app.update(.session(.retrying(id: "r1", notice)))
        var shown = [app.state.status.text ?? ""]
        for _ in 0..<5 {
            guard let wait = app.state.reply.retryCountChanges(after: now) else { break }
            now = now + wait + .milliseconds(80)
            _ = app.update(.tick(now))
            shown.append(app.state.status.text ?? "")
        }
        let counts = shown.compactMap { text in
            text.firstRange(of: "retrying in ").map { String(text[$0.upperBound...].prefix { $0.isNumber }) }
        }
        #expect(counts == ["4", "3", "2", "1"], "\(shown)")
        #expect(shown.last?.contains("retrying now") == true, "\(shown)")
    }
}
