import Foundation
import NatterProviders
import Testing

@testable import NatterUI

/// The cost with its cache share where cost is shown (issue 35): the header sums the session, a reply's header
/// line says its own.
@Suite struct CacheShareTests {
    @Test func theHeaderAndTheReplySayTheCacheShare() {
        var app = App(state: AppState(providerName: "claude", model: "sonnet"))
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

    /// llama.cpp's model id is the path it loaded: the header shows the model's short name (issue 31, point 5).
    @Test func theHeaderShowsAPathModelByItsShortName() {
        let app = App(state: AppState(providerName: "llamacpp", model: "/root/models/SmolLM2-135M-Instruct.Q4_1.gguf"))
        let header = Screen.render(app, width: 100, height: 20).lines[0]
        #expect(header.contains("llamacpp · SmolLM2-135M-Instruct.Q4_1") && !header.contains("/root"), "\(header)")
    }
}
