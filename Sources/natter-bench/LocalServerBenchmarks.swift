import Foundation
import NatterTestSupport
import Synchronization

/// The local servers' probe as a person meets it (issue 31): the picker open on Ollama while natter is still
/// asking it, then the server answers, and the time from its last byte to its model on screen is what the
/// probe, the hop to the UI thread and the frame cost.
enum LocalServerBenchmarks {
    /// Where the six built-in local servers are looked for: half on a closed port (refused at once), half on
    /// `hanging`, a server that accepts and says nothing. What a start-up with nothing local running, or
    /// something stuck on a local port, puts in front of the probe.
    static func refusingAndHanging(closed: String, hanging: String) -> [String: String] {
        [
            "OLLAMA_HOST": hanging, "LMSTUDIO_HOST": closed + "/v1", "LLAMACPP_HOST": hanging + "/v1", "VLLM_HOST": closed + "/v1",
            "JAN_HOST": hanging + "/v1", "LOCALAI_HOST": closed + "/v1",
        ]
    }

    /// Milliseconds from Ollama's answer (its model's `/api/show`, the last the probe asks) to the model in the
    /// open picker; the median of `runs`.
    static func pickerAfterAnswer(binary: String, runs: Int) async throws -> Double {
        var delays: [Double] = []
        for _ in 0..<runs { delays.append(try await pickerAfterAnswerOnce(binary: binary)) }
        return Benchmarks.percentile(delays, 0.5)
    }

    private static func pickerAfterAnswerOnce(binary: String) async throws -> Double {
        let pickerOpen = Mutex(false)
        let answered = Mutex<ContinuousClock.Instant?>(nil)
        let ollama = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/api/tags":
                // Held until the picker is open and saying it is asking, as a server slow to load would be.
                while !pickerOpen.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(2)) }
                return .json(#"{"models":[{"name":"bench-local:1b"}]}"#)
            case "/api/show":
                return ScriptedResponse.json(#"{"model_info":{"llama.context_length":131072}}"#).then(.call {
                    answered.withLock { $0 = $0 ?? .now }  // the first listing to end is the one shown
                })
            default:
                return .json("{}", status: 404)
            }
        }
        defer { Task { await ollama.stop() } }
        let closed = try ClosedPort()
        let home = NSTemporaryDirectory() + "natter-bench-local-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let provider = #"{"name": "bench", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        var addresses = refusingAndHanging(closed: closed.url, hanging: closed.url)
        addresses["OLLAMA_HOST"] = ollama.url
        let environment = ([
            "HOME=\(home)", "NATTER_CONFIG_DIR=\(home)/config", "NATTER_DATA_DIR=\(home)/data", "TERM=xterm-256color",
            "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
        ] + addresses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).map(Tmux.quote).joined(separator: " ")
        let tmux = Tmux()
        defer { tmux.killServer() }
        try tmux.run(
            ["new-session", "-d", "-s", "l", "-x", "120", "-y", "40", "exec env -i \(environment) \(Tmux.quote(binary)) --provider bench --model m 2>/dev/null"],
            capture: false)
        func waitFor(_ condition: ([String]) -> Bool, _ what: String) throws -> ContinuousClock.Instant {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(10) {
                if condition(tmux.screen(of: "l")) { return .now }
            }
            throw BenchError("no \(what) on screen in 10 s")
        }
        _ = try waitFor({ $0.joined().contains("Enter send") }, "first frame")
        _ = try tmux.run(["send-keys", "-t", "l", "C-p"])
        _ = try tmux.run(["send-keys", "-t", "l", "-l", "ollama"])
        _ = try waitFor({ $0.joined().contains("asking ") }, "picker asking Ollama")
        pickerOpen.withLock { $0 = true }
        let seen = try waitFor({ $0.joined().contains("bench-local:1b") }, "Ollama's model in the picker")
        guard let answer = answered.withLock({ $0 }) else { throw BenchError("the model was shown before Ollama answered") }
        return (seen - answer).inSeconds * 1000
    }
}
