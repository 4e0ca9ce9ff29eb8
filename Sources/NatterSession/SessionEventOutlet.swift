import Synchronization

/// Where a session's events go, in order: the `events` stream, or a handler called as each event happens.
/// The full-screen UI takes the handler: a token then reaches the UI thread's inbox straight from the session,
/// without waking one more task to read a stream, a hop per token that showed in the CPU cost of streaming.
final class SessionEventOutlet: Sendable {
    typealias Handler = @Sendable (SessionEvent) -> Void

    private enum Route {
        case stream
        /// A handler is expected: events wait here until it connects, so none is lost or reordered.
        case awaitingHandler([SessionEvent])
        case handler(Handler)
        /// The handler left (the UI moved to another conversation): later events have nowhere to go.
        case disconnected
    }

    let events: AsyncStream<SessionEvent>
    private let continuation: AsyncStream<SessionEvent>.Continuation
    private let route: Mutex<Route>

    init(toHandler: Bool) {
        (events, continuation) = AsyncStream.makeStream(of: SessionEvent.self)
        route = Mutex(toHandler ? .awaitingHandler([]) : .stream)
    }

    func emit(_ event: SessionEvent) {
        route.withLock { route in
            switch route {
            case .stream: continuation.yield(event)
            case .awaitingHandler(var waiting):
                waiting.append(event)
                route = .awaitingHandler(waiting)
            case .handler(let handler): handler(event)
            case .disconnected: break
            }
        }
    }

    /// Sends the events that waited, then every later one, to `handler`; nil disconnects.
    func connect(_ handler: Handler?) {
        route.withLock { route in
            guard let handler else {
                route = .disconnected
                return
            }
            if case .awaitingHandler(let waiting) = route { waiting.forEach(handler) }
            route = .handler(handler)
        }
    }

    func finish() { continuation.finish() }
}
