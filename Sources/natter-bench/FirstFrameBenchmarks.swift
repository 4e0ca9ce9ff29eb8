import Foundation
import NatterTestSupport

/// How soon natter's first frame is on screen in a fresh tmux (a server of its own, as opening a terminal
/// starts one), against `printf` of one line in the same: what a person feels as start-up. tmux's own cost
/// (the server, the pane, the polling of its screen) is in both, so the ratio says what natter adds.
enum FirstFrameBenchmarks {
    struct Figures {
        var natterMilliseconds: Double
        var printfMilliseconds: Double
        /// With `localAddresses` given: the same start with them in the environment, interleaved run by run.
        var withLocalAddressesMilliseconds: Double?
        var ratio: Double { natterMilliseconds / max(0.001, printfMilliseconds) }
    }

    /// - Parameter mcpServers: that many scripted MCP servers in mcp.json (they start in the background and
    ///   must not delay the frame).
    /// - Parameter localAddresses: where the built-in local servers are looked for (`OLLAMA_HOST` and the
    ///   like), for a second start measured beside each plain one: the probe that asks them starts after the
    ///   first frame and must not delay it.
    static func measure(binary: String, runs: Int, mcpServers: Int = 0, localAddresses: [String: String]? = nil) throws -> Figures {
        let home = NSTemporaryDirectory() + "natter-bench-first-frame-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try writeServers(mcpServers, home: home)
        // A provider of one's own, as a configured machine has, on a port where nothing answers: nothing
        // before the first frame talks to it.
        let provider = #"{"name": "bench", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        let base = [
            "HOME=\(home)", "NATTER_CONFIG_DIR=\(home)/config", "NATTER_DATA_DIR=\(home)/data", "TERM=xterm-256color",
            "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
        ]
        let local = (localAddresses ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        func time(_ command: String, until marker: String, addresses: [String] = []) throws -> Double {
            let environment = (base + addresses).map(Tmux.quote).joined(separator: " ")
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
        var withLocal: [Double] = []
        let command = "\(Tmux.quote(binary)) --provider bench --model m 2>/dev/null"
        for _ in 0..<runs {
            // Interleaved, so a busy moment of the machine falls on each.
            printf.append(try time("sh -c 'printf \"natter-ready\\n\"; sleep 600'", until: "natter-ready"))
            natter.append(try time(command, until: "Enter send"))
            if localAddresses != nil { withLocal.append(try time(command, until: "Enter send", addresses: local)) }
        }
        return Figures(
            natterMilliseconds: Benchmarks.percentile(natter, 0.5), printfMilliseconds: Benchmarks.percentile(printf, 0.5),
            withLocalAddressesMilliseconds: withLocal.isEmpty ? nil : Benchmarks.percentile(withLocal, 0.5))
    }

    static func writeServers(_ count: Int, home: String) throws {
        guard count > 0 else { return }
        let servers = (1...count).map { ("s\($0)", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted])) }
        try Data(MCPTestServers.file(servers).utf8).write(to: URL(fileURLWithPath: home + "/config/mcp.json"))
    }

    /// natter's own CPU (user and system, from /proc) over `seconds` once `mcpServers` servers are connected.
    static func idleCPU(binary: String, mcpServers: Int, seconds: Int) throws -> Double {
        let home = NSTemporaryDirectory() + "natter-bench-idle-mcp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let provider = #"{"name": "bench", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        try writeServers(mcpServers, home: home)
        let environment = [
            "HOME=\(home)", "NATTER_CONFIG_DIR=\(home)/config", "NATTER_DATA_DIR=\(home)/data", "TERM=xterm-256color",
            "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
        ].map(Tmux.quote).joined(separator: " ")
        let tmux = Tmux()
        defer { tmux.killServer() }
        try tmux.run(["new-session", "-d", "-s", "i", "-x", "120", "-y", "40", "exec env -i \(environment) \(Tmux.quote(binary)) --provider bench --model m 2>/dev/null"], capture: false)
        let start = ContinuousClock.now
        // Connected: the header counts the servers' tools, and the count stays put for 2 s once all are in.
        var header = ""
        var steadySince = ContinuousClock.now
        while true {
            guard ContinuousClock.now - start < .seconds(60) else { throw BenchError("the MCP servers did not connect in 60 s") }
            let now = tmux.screen(of: "i").first ?? ""
            if now != header {
                header = now
                steadySince = .now
            } else if header.contains("tools on"), ContinuousClock.now - steadySince > .seconds(2) {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let pid = Int32(tmux.format("#{pane_pid}", of: "i").trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("no pane pid")
        }
        func ticks() -> Double {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return 0 }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)  // utime, stime (fields 14 and 15)
        }
        let before = ticks()
        Thread.sleep(forTimeInterval: Double(seconds))
        let after = ticks()
        return (after - before) / Double(sysconf(Int32(_SC_CLK_TCK))) / Double(seconds) * 100
    }
}
