import Foundation

/// What a server sent that the client has not read yet, held to a bound. A server that writes faster than
/// natter reads (a loop of `list_changed` or `ping`) once took natter to 3 GB in 12 s: past the bound the
/// connection is ended and the server marked failed with `floodReason`, never buffered further.
struct IncomingMessages: Sendable {
    /// Far more than a working server ever has waiting (natter reads each message in microseconds).
    static let limit = 1024
    static let floodReason = "disconnected: it sent messages faster than natter reads them (over \(limit) waiting)"

    let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    init() {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, bufferingPolicy: .bufferingOldest(Self.limit))
    }

    /// False when the bound is reached: the message was not kept, and the caller ends the connection.
    func deliver(_ message: Data) -> Bool {
        switch continuation.yield(message) {
        case .enqueued, .terminated: return true
        case .dropped: return false
        @unknown default: return false
        }
    }

    func finish(throwing error: any Error) {
        continuation.finish(throwing: error)
    }
}
