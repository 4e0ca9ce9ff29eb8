import Foundation
import NatterProviders

/// One reply as it streams, as a value: each chunk goes in and comes out as what must happen outside (an
/// event to show, text to keep for the next `partial` record); when the stream ends, `ended` gives the
/// message to save. The session actor only carries the actions out.
struct Turn {
    enum Action: Sendable, Hashable {
        case emit(SessionEvent)
        /// Streamed text to keep for a `partial` record.
        case keepProgress(text: String, reasoning: String)
    }

    /// How the stream stopped.
    enum Outcome: Sendable {
        /// The stream ended by itself; `cancelled` when it was asked to stop.
        case streamEnded(cancelled: Bool)
        case failed(ProviderError)
        case failedOther(String)
    }

    let id: String
    let parent: String
    let origin: Origin
    let started: Date
    /// The chunks added up, as every stream natter reads is (one accumulator: replies, summaries, `complete`).
    private var gathered = CompletionAccumulator()
    var text: String { gathered.completion.text }
    var reasoning: String { gathered.completion.reasoning }
    var usage: Usage? { gathered.usageReported ? gathered.completion.usage : nil }
    var finishReason: FinishReason? { gathered.finished ? gathered.completion.finishReason : nil }

    init(id: String = MessageID.make(), parent: String, origin: Origin, started: Date = Date()) {
        self.id = id
        self.parent = parent
        self.origin = origin
        self.started = started
    }

    mutating func received(_ chunk: StreamChunk) -> [Action] {
        gathered.add(chunk)
        switch chunk {
        case .text(let piece): return [.keepProgress(text: piece, reasoning: ""), .emit(.text(id: id, piece))]
        case .reasoning(let piece): return [.keepProgress(text: "", reasoning: piece), .emit(.reasoning(id: id, piece))]
        case .toolCall(let delta): return [.emit(.toolCall(id: id, delta))]
        case .usage(let reported): return [.emit(.usage(id: id, reported))]
        case .retrying(let notice): return [.emit(.retrying(id: id, notice))]
        case .finished: return []
        }
    }

    /// The reply as it is saved, however the stream ended.
    func ended(_ outcome: Outcome) -> Message {
        var finish: MessageFinish
        var failure: String?
        switch outcome {
        case .streamEnded(let cancelled):
            if cancelled {
                finish = .cancelled
            } else if let finishReason {
                finish = MessageFinish(finishReason)
            } else {
                // A stream that ended without saying it was complete is not complete.
                finish = .interrupted
                failure = "the reply ended before it was complete"
            }
        case .failed(let error):
            finish = error.isInterruption ? .interrupted : .error
            failure = error.description
        case .failedOther(let description):
            finish = .error
            failure = TerminalText.singleLine(description, limit: 300)
        }
        var parts: [Part] = []
        if !reasoning.isEmpty { parts.append(.reasoning(reasoning)) }
        let calls = gathered.completion.toolCalls
        if !text.isEmpty || calls.isEmpty { parts.append(.text(text)) }
        parts += calls.map(Part.toolCall)
        return Message(
            id: id, parent: parent, role: .assistant, parts: parts, origin: origin, usage: usage, finish: finish, error: failure,
            created: started)
    }
}
