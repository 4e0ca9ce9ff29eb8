import Foundation
import NatterTestSupport

/// An MCP server that floods natter (issue 28, point 2): natter's peak RSS over the flood, and how long a typed
/// key takes to show on the screen meanwhile (the UI thread's latency as a person feels it).
enum FloodBenchmarks {
    struct Figures {
        var peakMegabytes: Double
        var keystrokeP99Milliseconds: Double
    }

    /// `mode` is one of `Tests/Fixtures/mcp/hostile_server.py`'s flood modes.
    static func measure(binary: String, mode: String, seconds: Int, keystrokes: Int) async throws -> Figures {
        let home = NSTemporaryDirectory() + "natter-bench-flood-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let provider = #"{"name": "bench", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        let hostile = MCPTestServers.repository + "/Tests/Fixtures/mcp/hostile_server.py"
        try Data(MCPTestServers.file([("flood", MCPTestServers.stdioEntry(MCPTestServers.python, [hostile, mode]))]).utf8)
            .write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
        let tmux = Tmux()
        defer { tmux.killServer() }
        let pid = try await ProcessBenchmarks.start(
            binary, home: home, arguments: ["--provider", "bench"], in: tmux, width: 120, height: 40, ready: { $0.contains("bench") })
        var peak = 0.0
        let deadline = ContinuousClock.now + .seconds(seconds)
        var latencies: [Double] = []
        var typed = ""
        // Keys at a typing pace through the flood; each one timed from send-keys to the screen showing it.
        while ContinuousClock.now < deadline || latencies.count < keystrokes {
            peak = max(peak, (try? ProcessBenchmarks.statusMegabytes("VmHWM", of: "\(pid)")) ?? 0)
            guard latencies.count < keystrokes else {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            let letter = String("abcdefghij".randomElement()!)
            typed += letter
            if typed.count > 60 {
                try tmux.run(["send-keys", "-t", "b", "C-u"])
                typed = letter
            }
            let sent = ContinuousClock.now
            try tmux.run(["send-keys", "-t", "b", "-l", letter])
            let expected = typed
            guard try await ProcessBenchmarks.waitFor(timeout: .seconds(5), { tmux.screen(of: "b").contains { $0.contains("› " + expected) } }) else {
                throw BenchError("a typed key did not show within 5 s during the flood")
            }
            latencies.append((ContinuousClock.now - sent).inSeconds * 1000)
            try await Task.sleep(for: .milliseconds(100))
        }
        return Figures(peakMegabytes: peak, keystrokeP99Milliseconds: Benchmarks.percentile(latencies, 0.99))
    }
}
