import Foundation
import NatterTestSupport

/// How soon natter's first frame is on screen in a fresh tmux (a server of its own, as opening a terminal
/// starts one), against `printf` of one line in the same: what a person feels as start-up. tmux's own cost
/// (the server, the pane, the polling of its screen) is in both, so the ratio says what natter adds.
enum FirstFrameBenchmarks {
    struct Figures {
        var natterMilliseconds: Double
        var printfMilliseconds: Double
        var ratio: Double { natterMilliseconds / max(0.001, printfMilliseconds) }
    }

    static func measure(binary: String, runs: Int) throws -> Figures {
        let home = NSTemporaryDirectory() + "natter-bench-first-frame-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A provider of one's own, as a configured machine has, on a port where nothing answers: nothing
        // before the first frame talks to it.
        let provider = #"{"name": "bench", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        let environment = [
            "HOME=\(home)", "NATTER_CONFIG_DIR=\(home)/config", "NATTER_DATA_DIR=\(home)/data", "TERM=xterm-256color",
            "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
        ].map(Tmux.quote).joined(separator: " ")
        func time(_ command: String, until marker: String) throws -> Double {
            let tmux = Tmux()
            defer { tmux.killServer() }
            let start = ContinuousClock.now
            try tmux.run(["new-session", "-d", "-s", "f", "-x", "120", "-y", "40", "exec env -i \(environment) \(command)"], capture: false)
            while ContinuousClock.now - start < .seconds(10) {
                if tmux.screen(of: "f").joined().contains(marker) { return (ContinuousClock.now - start).inSeconds * 1000 }
            }
            throw BenchError("\(command) showed no \(marker) in 10 s")
        }
        var natter: [Double] = []
        var printf: [Double] = []
        for _ in 0..<runs {
            // Interleaved, so a busy moment of the machine falls on both.
            printf.append(try time("sh -c 'printf \"natter-ready\\n\"; sleep 600'", until: "natter-ready"))
            natter.append(try time("\(Tmux.quote(binary)) --provider bench --model m 2>/dev/null", until: "Enter send"))
        }
        return Figures(natterMilliseconds: Benchmarks.percentile(natter, 0.5), printfMilliseconds: Benchmarks.percentile(printf, 0.5))
    }
}
