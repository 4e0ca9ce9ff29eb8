import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// The main transcript and a compare pane take a reply's events by one function: the same stream gives the same
/// entry in both, at every step (compare's own copy of this once dropped what the main transcript kept).
@Suite struct PaneTests {
    static let origin = Origin(provider: "one", model: "m1")

    /// A chat asked "which?", and a compare round of two asked the same: the reply of `origin` is about to start.
    static func chatAndCompare() -> (chat: App, compare: App, question: Message) {
        let question = Message.user("which?")
        var chat = App(state: AppState(providerName: "one", model: "m1"))
        _ = chat.update(.session(.messageAdded(question)))
        var compare = App(state: AppState(providerName: "one", model: "m1"))
        compare.state.compare = CompareState(origins: [origin, Origin(provider: "two", model: "m2")])
        for character in "which?" { _ = compare.update(.key(.character(character))) }
        _ = compare.update(.key(.enter))
        _ = compare.update(.session(.messageAdded(question)))
        return (chat, compare, question)
    }

    /// What a person sees of an entry.
    static func shown(_ entry: TranscriptEntry?) -> String {
        guard let entry else { return "none" }
        return "\(entry.kind) text \(entry.text.debugDescription) reasoning \(entry.reasoning.debugDescription) streaming \(entry.isStreaming) finish \(String(describing: entry.finish)) error \(entry.error ?? "")"
    }

    static func paneEntry(_ app: App) -> TranscriptEntry? { app.state.compare?.round?.panes[0].pane.entries.last }

    @Test(arguments: [MessageFinish.stop, .length, .interrupted])
    func theSameEventsGiveTheSameEntryInTheTranscriptAndInAPane(finish: MessageFinish) {
        var (chat, compare, question) = Self.chatAndCompare()
        let id = "reply-1"
        var events: [SessionEvent] = [.replyStarted(id: id, parent: question.id, origin: Self.origin)]
        events += ["Let me ", "think", "."].map { SessionEvent.reasoning(id: id, $0) }
        events += ["The ", "answer ", "is **42**", "\n\n| a | b |\n|---|---|\n| 1 | 2 |"].map { SessionEvent.text(id: id, $0) }
        let reply = Message(
            id: id, parent: question.id, role: .assistant,
            parts: [.reasoning("Let me think."), .text("The answer is **42**\n\n| a | b |\n|---|---|\n| 1 | 2 |")], origin: Self.origin,
            finish: finish, error: finish == .interrupted ? "the connection dropped mid-reply" : nil)
        events.append(.replyEnded(reply))
        for event in events {
            _ = chat.update(.session(event))
            _ = compare.update(.session(event))
            #expect(Self.shown(chat.state.pane.entries.last) == Self.shown(Self.paneEntry(compare)), "after \(event)")
        }
        #expect(Self.paneEntry(compare)?.text.hasSuffix("| 1 | 2 |") == true)
        // What only the pane says differently: its label is the model alone, and it has no place among siblings.
        #expect(Self.paneEntry(compare)?.label == Self.origin.shortLabel && Self.paneEntry(compare)?.siblings == nil)
        #expect(chat.state.pane.entries.last?.label == Self.origin.shortLabel)
    }

    /// A pane shows its turn's latest reply alone: the one after tool results replaces the one that called them,
    /// where the main transcript keeps both.
    @Test func aPaneShowsItsTurnsLatestReply() {
        var (_, compare, question) = Self.chatAndCompare()
        _ = compare.update(.session(.replyStarted(id: "calls", parent: question.id, origin: Self.origin)))
        _ = compare.update(.session(.text(id: "calls", "looking it up")))
        _ = compare.update(
            .session(.replyEnded(Message(id: "calls", parent: question.id, role: .assistant, parts: [.text("looking it up")], origin: Self.origin, finish: .toolCalls))))
        #expect(compare.state.compare?.round?.panes[0].isStreaming == true, "its turn goes on with the calls' results")
        _ = compare.update(.session(.replyStarted(id: "after", parent: "calls", origin: Self.origin)))
        _ = compare.update(.session(.text(id: "after", "found: 42")))
        #expect(compare.state.compare?.round?.panes[0].pane.entries.map(\.text) == ["found: 42"])
    }
}
