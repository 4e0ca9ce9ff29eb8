import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// The conversation tree: Ctrl+B on a conversation with thousands of branches, and frames while a reply
/// streams in it. The tree is made in memory the way a session grows it: each question asked again and again.
enum TreeBenchmarks {
    struct Figures {
        var leaves: Int
        var messages: Int
        var openMilliseconds: Double
        var frameP99Milliseconds: Double
        var overlayFrameP99Milliseconds: Double
    }

    /// Questions in a chain, each with eleven replies, the last of which the chain goes on from: ten dead
    /// ends a question, so `branches` leaves take `branches / 10` questions.
    static func conversation(branches: Int) -> Conversation {
        var conversation = Conversation()
        var leaf: String?
        let origin = Origin(provider: "bench", model: "m")
        for question in 0..<max(1, branches / 10) {
            let asked = Message(id: "q\(question)", parent: leaf, role: .user, parts: [.text("Question \(question): and then?")])
            conversation.add(asked)
            for reply in 0...10 {
                conversation.add(
                    Message(
                        id: "r\(question).\(reply)", parent: asked.id, role: .assistant,
                        parts: [.text("Answer \(reply) to \(question), with **bold** and `code`.")], origin: origin, finish: .stop))
            }
            leaf = "r\(question).10"
        }
        return conversation
    }

    static func measure(branches: Int, runs: Int) -> Figures {
        let tree = conversation(branches: branches)
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 200, height: 60))
        _ = app.update(.conversationReplaced(tree, notices: [], guide: nil, title: "tree"))
        _ = Screen.render(app, width: 200, height: 60)

        let opening = Benchmarks.timings(runs: runs) {
            _ = app.update(.key(.control("b")))
            _ = Screen.render(app, width: 200, height: 60)
            _ = app.update(.key(.escape))
        }
        _ = app.update(.key(.control("b")))
        let overlay = Benchmarks.timings(runs: runs * 4) {
            _ = app.update(.key(.up))
            _ = Screen.render(app, width: 200, height: 60)
        }
        _ = app.update(.key(.escape))

        let id = "streaming"
        _ = app.update(.session(.messageAdded(Message(id: "ask", parent: tree.activeLeaf, role: .user, parts: [.text("one more")]))))
        _ = app.update(.session(.replyStarted(id: id, parent: "ask", origin: Origin(provider: "bench", model: "m"))))
        _ = Screen.render(app, width: 200, height: 60)
        let frames = Benchmarks.timings(runs: runs * 4) {
            _ = app.update(.session(.text(id: id, "token ")))
            _ = Screen.render(app, width: 200, height: 60)
        }
        return Figures(
            leaves: tree.leafCount, messages: tree.count, openMilliseconds: Benchmarks.percentile(opening, 0.5),
            frameP99Milliseconds: Benchmarks.percentile(frames, 0.99), overlayFrameP99Milliseconds: Benchmarks.percentile(overlay, 0.99))
    }
}
