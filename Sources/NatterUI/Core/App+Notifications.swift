import NatterProviders
import NatterSession

/// What happened that a person away from the terminal would want to know (SPEC 13): typed, its words made here.
public enum ReplyNotification: Sendable, Hashable {
    case replyFinished(model: String)
    case replyFailed(model: String, reason: String)
    case approvalWaiting(tool: String)

    public var title: String {
        switch self {
        case .replyFinished: return "natter: reply finished"
        case .replyFailed: return "natter: reply failed"
        case .approvalWaiting: return "natter: approval needed"
        }
    }

    public var body: String {
        switch self {
        case .replyFinished(let model): return model
        case .replyFailed(let model, let reason): return "\(model): \(reason)"
        case .approvalWaiting(let tool): return "the tool \(tool) waits for your word"
        }
    }
}

/// A reply that ends or fails, or a tool call that waits, while the terminal is unfocused is notified (SPEC 13);
/// nothing while it has the focus, nothing with `"notify": false`, nothing for a reply the person cancelled.
extension App {
    mutating func notification(after event: SessionEvent) -> [AppIntent] {
        guard case .turnEnded = event, let reply = state.conversation.path().last, reply.role == .assistant else { return [] }
        let model = reply.origin?.label ?? state.setup.model
        switch reply.finish {
        case .error?, .interrupted?: return notify(.replyFailed(model: model, reason: reply.error ?? "the reply ended early"))
        case .cancelled?: return []
        case .stop?, .length?, .contentFilter?, .toolCalls?, nil: return notify(.replyFinished(model: model))
        }
    }

    func notify(_ notification: ReplyNotification) -> [AppIntent] {
        state.display.notifies && !state.display.focused ? [.notify(notification)] : []
    }
}
