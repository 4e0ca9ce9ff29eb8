import Synchronization

/// Where a session's events go, in order: to one handler, called as each event happens. Events before the
/// handler connects wait here, so none is lost or reordered. The full-screen UI's handler puts a token into
/// the UI thread's inbox straight from the session, without waking one more task to read a stream (a hop per
/// token that showed in the CPU cost of streaming); pipe mode and tests ask for a stream made from a handler.
final class SessionEventOutlet: Sendable {
    typealias Handler = @Sendable (SessionEvent) -> Void

    private enum Route {
        case awaitingHandler([SessionEvent])
        case handler(Handler, finish: (@Sendable () -> Void)?)
        /// The handler left (the UI moved to another conversation): later events have nowhere to go.
        case disconnected
    }

    private let route = Mutex(Route.awaitingHandler([]))

    func emit(_ event: SessionEvent) {
        route.withLock { route in
            switch route {
            case .awaitingHandler(var waiting):
                waiting.append(event)
                route = .awaitingHandler(waiting)
            case .handler(let handler, _): handler(event)
            case .disconnected: break
            }
        }
    }

    /// Sends the events that waited, then every later one, to `handler`; nil disconnects. `finish` is called
    /// when the session closes.
    func connect(_ handler: Handler?, finish: (@Sendable () -> Void)? = nil) {
        route.withLock { route in
            guard let handler else {
                route = .disconnected
                return
            }
            if case .awaitingHandler(let waiting) = route { waiting.forEach(handler) }
            route = .handler(handler, finish: finish)
        }
    }

    func finish() {
        let finish = route.withLock { route -> (@Sendable () -> Void)? in
            guard case .handler(_, let finish) = route else { return nil }
            return finish
        }
        finish?()
    }
}
