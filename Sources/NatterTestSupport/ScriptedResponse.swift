/// What the loopback server sends back for one request: a status, headers, and a body written in steps,
/// so a test can shape a stream exactly: pauses between tokens, a connection dropped mid-stream, a stall.
public struct ScriptedResponse: Sendable {
    public enum Step: Sendable {
        case bytes([UInt8])
        case pause(Duration)
        /// Close the connection without finishing the body (a dropped connection).
        case drop
        /// Send nothing more until the client gives up.
        case stall
        /// Runs a closure once the steps before it are written (the benchmark notes when each token left).
        case call(@Sendable () -> Void)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var steps: [Step]

    public init(status: Int = 200, headers: [(String, String)] = [], steps: [Step]) {
        self.status = status
        self.headers = headers
        self.steps = steps
    }

    /// The same response with one more step at the end.
    public func then(_ step: Step) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: headers, steps: steps + [step])
    }

    public static func text(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: headers, steps: [.bytes(Array(body.utf8))])
    }

    public static func json(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> ScriptedResponse {
        text(body, status: status, headers: [("Content-Type", "application/json")] + headers)
    }

    /// A streamed body: each string written separately, with an optional pause between them.
    public static func stream(
        _ parts: [String], contentType: String = "text/event-stream", pause: Duration? = nil, then ending: Step? = nil
    ) -> ScriptedResponse {
        var steps: [Step] = []
        for part in parts {
            if let pause, !steps.isEmpty { steps.append(.pause(pause)) }
            steps.append(.bytes(Array(part.utf8)))
        }
        if let ending { steps.append(ending) }
        return ScriptedResponse(headers: [("Content-Type", contentType)], steps: steps)
    }
}

/// A request as the server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path and query, as sent.
    public var uri: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
    public var query: String? { uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
