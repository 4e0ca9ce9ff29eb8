import Foundation
import NatterTestSupport
import Synchronization
import Testing

/// What the status line owes a person: a retry wait that counts down, and a choice that could not be
/// remembered said once.
@Suite(.serialized) struct StatusLineTests {
    @Test func aRetryWaitCountsDown() async throws {
        // The first chat request is told to wait; a model list asked for at any moment is not counted as it.
        let posts = Mutex(0)
        let server = try await LoopbackServer.start { request, _ in
            guard request.method == "POST" else { return .json(#"{"data":[{"id":"m"}]}"#) }
            let first = posts.withLock { count in
                count += 1
                return count == 1
            }
            return first ? .json(#"{"error":{"message":"slow down"}}"#, status: 429, headers: [("Retry-After", "6")]) : .stream(PipeModeTests.sse(["at last"]))
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(
            #"{ "name": "one", "engine": "openai", "host": "\#(server.url)/v1", "models": [{"name": "m"}], "retry": {"max_retries": 1, "max_delay_ms": 10000} }"#,
            named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try ChatUITests.ask(tmux, "hello")
        // Each count shows for a second; a look at the screen on a busy machine can come a second late, so the
        // test asks for a count at least two below the first it saw, not for one particular number.
        #expect(await tmux.wait { Self.retryCount(in: $0) != nil }, "\(tmux.text)")
        let first = Self.retryCount(in: tmux.screen()) ?? 6
        #expect(await tmux.wait { (Self.retryCount(in: $0) ?? .max) <= first - 2 }, "the wait counts down from \(first): \(tmux.text)")
        #expect(await tmux.wait(forText: "at last"))
    }

    /// The seconds the status line says a retry waits, if it says one.
    static func retryCount(in screen: [String]) -> Int? {
        for line in screen {
            guard let range = line.range(of: "retrying in ") else { continue }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        return nil
    }

    @Test func aChoiceThatCannotBeRememberedIsSaidOnce() async throws {
        let home = try Scratch.home()
        // A folder where config.json should be: the settings cannot be written (root ignores permissions).
        try FileManager.default.createDirectory(atPath: home + "/config/config.json", withIntermediateDirectories: true)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-t")
        #expect(await tmux.wait(forText: "● dark"))
        try tmux.send("Down")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "not remembered"), "\(tmux.text)")
        #expect(tmux.text.contains("cannot write"))
    }
}
