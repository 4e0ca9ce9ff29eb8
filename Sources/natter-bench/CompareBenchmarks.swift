import Foundation
import NatterProviders
import NatterSession
import NatterTestSupport
import NatterUI
import Synchronization

/// Compare (SPEC 9): replies streaming side by side, each pane from its own server.
enum CompareBenchmarks {
    /// Frame render at 200×60 with four panes, each `tokens` into its reply, as one more token comes to
    /// each pane in turn; the conversation above them is `messages` long.
    static func fourPaneFrames(tokens: Int, messages: Int, runs: Int) -> [Double] {
        let origins = ["a", "b", "c", "d"].map { Origin(provider: $0, model: "m") }
        var state = AppState(providerName: "a", model: "m")
        state.compare = CompareState(origins: origins)
        var app = App(state: state)
        _ = app.update(.resized(width: 200, height: 60))
        var history = Conversation()
        for index in 0..<messages {
            let text = index % 2 == 0 ? "Question \(index)?" : "Answer \(index) with **bold** and `code`."
            history.add(Message(parent: history.activeLeaf, role: index % 2 == 0 ? .user : .assistant, parts: [.text(text)]))
        }
        _ = app.update(.conversationReplaced(history, notices: [], guide: nil, title: "compare"))
        for character in "go" { _ = app.update(.key(.character(character))) }
        _ = app.update(.key(.enter))
        let question = Message.user("go", parent: app.state.conversation.activeLeaf)
        _ = app.update(.session(.messageAdded(question)))
        for origin in origins {
            _ = app.update(.session(.replyStarted(id: origin.provider, parent: question.id, origin: origin)))
            for index in 0..<tokens {
                _ = app.update(.session(.text(id: origin.provider, index % 50 == 49 ? "\(origin.provider)\(index)\n\n" : "\(origin.provider)\(index) ")))
            }
        }
        _ = Screen.render(app, width: 200, height: 60)
        var next = tokens
        return Benchmarks.timings(runs: runs) {
            let origin = origins[next % 4]
            _ = app.update(.session(.text(id: origin.provider, "\(origin.provider)\(next) ")))
            _ = Screen.render(app, width: 200, height: 60)
            next += 1
        }
    }

    /// Milliseconds from each token leaving its server to the frame that shows it, for every pane of a compare
    /// of `panes` models each streaming `tokens` at `perSecond`, through the real `ChatRunner`. By pane.
    static func tokenToScreen(panes: Int, tokens: Int, perSecond: Int) async throws -> [[Double]] {
        let prefixes: [Character] = Array("abcd".prefix(panes))
        var servers: [LoopbackServer] = []
        // When each token of each pane left its server.
        let sent = Mutex([[ContinuousClock.Instant?]](repeating: [ContinuousClock.Instant?](repeating: nil, count: tokens), count: panes))
        var registry = ProviderRegistry()
        for (pane, prefix) in prefixes.enumerated() {
            let response = StreamingBenchmarks.pacedReply(tokens: tokens, perSecond: perSecond, prefix: String(prefix)) { index in
                sent.withLock { $0[pane][index] = .now }
            }
            let server = try await LoopbackServer.start { _, _ in response }
            servers.append(server)
            registry.register(
                ProviderDefinition(name: String(prefix), engine: .openai, host: server.url, models: [ModelInfo(name: "m")]), origin: .builtin)
        }
        defer { for server in servers { Task { await server.stop() } } }
        let session = ChatSession(registry: registry, provider: "a", model: "m", transcriptPath: nil)
        let directory = NSTemporaryDirectory() + "natter-bench-compare-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let terminal = RecordingTerminal(lastToken: tokens - 1, prefixes: prefixes, width: 200, height: 60)
        var state = AppState(providerName: "a", model: "m")
        state.compare = CompareState(origins: prefixes.map { Origin(provider: String($0), model: "m") })

        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread { [registry, state] in
                let runner = ChatRunner(
                    app: App(state: state), terminal: terminal, session: session, registry: registry,
                    makeSession: { provider, model, registry in ChatSession(registry: registry, provider: provider, model: model, transcriptPath: nil) },
                    onSwitch: { _ in nil }, sessionsDirectory: directory)
                _ = runner.run()
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return prefixes.enumerated().map { pane, prefix in
            let shown = terminal.shown[prefix] ?? [:]
            let departures = sent.withLock { $0[pane] }
            return (0..<tokens).compactMap { index in
                guard let start = departures[index], let end = shown[index] else { return nil }
                return max(0, (end - start).inSeconds * 1000)
            }
        }
    }

    /// natter's CPU, measured from outside, while two panes each stream `tokens` at `perSecond`: the real
    /// binary in tmux at 200×60, two loopback providers, compare chosen with Ctrl+O as a person does.
    static func processCPU(binary: String, tokens: Int, perSecond: Int) async throws -> Double {
        let natterPID = Mutex<Int32?>(nil)
        let firstSent = Mutex<(cpu: Double, time: ContinuousClock.Instant)?>(nil)
        var servers: [LoopbackServer] = []
        let home = NSTemporaryDirectory() + "natter-bench-compare-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        for prefix in ["a", "b"] {
            let response = StreamingBenchmarks.pacedReply(tokens: tokens, perSecond: perSecond, prefix: prefix) { index in
                guard index == 0, let pid = natterPID.withLock({ $0 }), let cpu = try? ProcessBenchmarks.cpuSeconds(of: pid) else { return }
                firstSent.withLock { if $0 == nil { $0 = (cpu, .now) } }
            }
            let server = try await LoopbackServer.start { request, _ in
                request.method == "POST" ? response : .json(#"{"data":[{"id":"m"}]}"#)
            }
            servers.append(server)
            let provider = #"{"name": "\#(prefix)", "engine": "openai", "host": "\#(server.url)/v1", "models": [{"name": "m"}]}"#
            try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/\(prefix).json"))
        }
        defer { for server in servers { Task { await server.stop() } } }

        let tmux = Tmux()
        defer { tmux.killServer() }
        let screen = { tmux.screen(of: "b").joined(separator: "\n") }
        let pid = try await ProcessBenchmarks.start(binary, home: home, arguments: ["--provider", "a", "--model", "m"], in: tmux, width: 200, height: 60) {
            $0.contains("Enter send")
        }
        natterPID.withLock { $0 = pid }
        // Ctrl+O, mark a's and b's models, compare, ask.
        try tmux.run(["send-keys", "-t", "b", "C-o"])
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(10), { screen().contains("Space marks 2–4") }) else { throw BenchError("Ctrl+O opened no picker") }
        try tmux.run(["send-keys", "-t", "b", "Space"])
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(5), { screen().contains("[1] m") }) else { throw BenchError("Space marked nothing") }
        try tmux.run(["send-keys", "-t", "b", "Down"])
        try tmux.run(["send-keys", "-t", "b", "Space"])
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(5), { screen().contains("[2] m") }) else { throw BenchError("the second model was not marked") }
        try tmux.run(["send-keys", "-t", "b", "Enter"])
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(5), { screen().contains("compare · a · m | b · m") }) else { throw BenchError("compare mode did not start") }
        try tmux.run(["send-keys", "-t", "b", "-l", "go"])
        try tmux.run(["send-keys", "-t", "b", "Enter"])
        let last = tokens - 1
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(120), { let text = screen(); return text.contains("a\(last)") && text.contains("b\(last)") }),
            let start = firstSent.withLock({ $0 })
        else { throw BenchError("the compared replies never reached the screen") }
        let cpu = try ProcessBenchmarks.cpuSeconds(of: pid) - start.cpu
        return cpu / (ContinuousClock.now - start.time).inSeconds * 100
    }
}
