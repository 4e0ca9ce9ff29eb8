import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Notifications through the terminal (SPEC 13): the sequence each terminal takes, wrapped for tmux and screen,
/// clean of what a reply could put in it; focus reports decoded; a notification only while unfocused.
@Suite struct NotificationTests {
    @Test func eachTerminalGetsTheFormItTakes() {
        #expect(TerminalNotification.sequence(title: "t", body: "b", environment: ["TERM_PROGRAM": "iTerm.app"]) == "\u{1B}]9;t: b\u{1B}\\")
        #expect(TerminalNotification.sequence(title: "t", body: "b", environment: ["TERM": "foot"]) == "\u{1B}]777;notify;t;b\u{1B}\\")
        #expect(TerminalNotification.kind(environment: ["TERM": "xterm-kitty"]) == .osc99)
        #expect(TerminalNotification.sequence(title: "t", body: "b", environment: ["TERM": "xterm-256color"]) == "\u{07}", "a bell where nothing is known")
        let tmux = TerminalNotification.sequence(title: "t", body: "b", environment: ["TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/x,1,0"])
        #expect(tmux == "\u{1B}Ptmux;\u{1B}\u{1B}]9;t: b\u{1B}\u{1B}\\\u{1B}\\", "passed through tmux, its ESCs doubled")
        let screen = TerminalNotification.sequence(title: "t", body: "b", environment: ["TERM": "screen", "VTE_VERSION": "7000"])
        #expect(screen == "\u{1B}P\u{1B}]777;notify;t;b\u{1B}\\\u{1B}\\")
    }

    @Test func aHostileBodyCannotEndTheSequenceOrAddOne() {
        let body = "ok\u{07}\u{1B}]52;c;SGVsbG8=\u{07};x\nmore"
        let sequence = TerminalNotification.sequence(title: "natter", body: body, environment: ["TERM": "foot"])
        let inside = sequence.dropFirst(2).dropLast(2)
        #expect(!inside.contains("\u{1B}") && !inside.contains("\u{07}"), "\(sequence.debugDescription)")
        #expect(inside.filter { $0 == ";" }.count == 3, "no field of its own: \(sequence.debugDescription)")
    }

    @Test func focusReportsAreDecodedNotTyped() {
        var decoder = KeyDecoder()
        let raw = [27, 0x5B, 0x4F, 0x61, 27, 0x5B, 0x49].map { RawKey.character(UInt32($0)) }
        #expect(decoder.decode(raw) == [.focus(false), .text("a"), .focus(true)])
    }

    static func replied(focused: Bool, notifies: Bool = true, finish: MessageFinish = .stop) -> [AppIntent] {
        var state = AppState(providerName: "p", model: "m")
        state.display.notifies = notifies
        var app = App(state: state)
        _ = app.update(.focusChanged(focused))
        let origin = Origin(provider: "p", model: "m")
        _ = app.update(.session(.messageAdded(Message(id: "u", parent: nil, role: .user, parts: [.text("hi")]))))
        _ = app.update(.session(.replyStarted(id: "r", parent: "u", origin: origin)))
        _ = app.update(.session(.text(id: "r", "hello")))
        var reply = Message(id: "r", parent: "u", role: .assistant, parts: [.text("hello")], origin: origin)
        reply.finish = finish
        if finish == .error { reply.error = "HTTP 500" }
        _ = app.update(.session(.replyEnded(reply)))
        return app.update(.session(.turnEnded))
    }

    @Test func aTurnEndingUnfocusedIsNotifiedAndOnlyThen() {
        #expect(Self.replied(focused: false) == [.notify(.replyFinished(model: "p · m"))])
        #expect(Self.replied(focused: false, finish: .error) == [.notify(.replyFailed(model: "p · m", reason: "HTTP 500"))])
        #expect(Self.replied(focused: true) == [])
        #expect(Self.replied(focused: false, notifies: false) == [], "\"notify\": false")
        #expect(Self.replied(focused: false, finish: .cancelled) == [], "the person who cancelled is there")
    }
}
