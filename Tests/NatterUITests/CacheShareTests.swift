import Foundation
import NatterProviders
import Testing

@testable import NatterUI

/// The cost with its cache share where cost is shown (issue 35): the header sums the session, a reply's header
/// line says its own.
@Suite struct CacheShareTests {
    @Test func theHeaderAndTheReplySayTheCacheShare() {
        let app = App(state: AppState(providerName: "claude", model: "sonnet"))
        let asked = Message.user("hi")
        _ = app.update(.session(.messageAdded(asked)))
        let origin = Origin(provider: "claude", model: "sonnet")
        _ = app.update(.session(.replyStarted(id: "r", parent: asked.id, origin: origin)))
        _ = app.update(.session(.replyEnded(Message(
            id: "r", parent: asked.id, role: .assistant, parts: [.text("ok")], origin: origin,
            usage: Usage(inputTokens: 2000, outputTokens: 10, cacheReadTokens: 1640, cost: 0.0012), finish: .stop))))
        let lines = Screen.render(app, width: 120, height: 20).lines
        #expect(lines[0].contains("$0.0012 (cache 82 %)"), "\(lines[0])")
        #expect(lines.contains { $0.hasPrefix("claude · sonnet · $0.0012 · cache 82 %") }, "\(lines)")
    }
}
