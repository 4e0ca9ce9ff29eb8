import Foundation
import NatterProviders
import NatterSession

@testable import NatterUI

extension App {
    /// The events a session sends for one exchange: the question, the reply's tokens, and (unless `finish`
    /// is nil) its end. Returns the reply's id.
    @discardableResult
    mutating func play(
        question: String, answer: [String], finish: MessageFinish? = .stop, provider: String = "local", model: String = "m-1"
    ) -> String {
        let asked = Message.user(question, parent: state.conversation.activeLeaf)
        _ = update(.session(.messageAdded(asked)))
        let origin = Origin(provider: provider, model: model)
        let id = MessageID.make()
        _ = update(.session(.replyStarted(id: id, parent: asked.id, origin: origin)))
        for token in answer { _ = update(.session(.text(id: id, token))) }
        if let finish {
            _ = update(
                .session(.replyEnded(Message(id: id, parent: asked.id, role: .assistant, parts: [.text(answer.joined())], origin: origin, finish: finish))))
        }
        return id
    }

    /// A reply that starts streaming after the branch's leaf; returns its id.
    @discardableResult
    mutating func startReply(provider: String = "p", model: String = "m") -> String {
        let id = MessageID.make()
        _ = update(.session(.replyStarted(id: id, parent: state.conversation.activeLeaf ?? "", origin: Origin(provider: provider, model: model))))
        return id
    }
}
