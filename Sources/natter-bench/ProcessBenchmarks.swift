import Foundation
import NatterTestSupport
import Synchronization

/// The real `natter` binary in a real terminal (tmux), measured from outside through /proc: what a person's
/// machine pays while natter sits idle and while it shows a reply streaming at a reading pace.
enum ProcessBenchmarks {
    struct Figures {
        var idleCPUPercent: Double
        var idleResidentMegabytes: Double
        var streamingCPUPercent: Double
        var tokensPerSecond: Double
        /// The same, for a reply that is one long paragraph.
        var paragraphCPUPercent: Double
        /// The same, for a reply that is one Swift code block, coloured as it streams.
        var codeCPUPercent: Double
        /// The first reply again, its writes cut a third of the way into each event instead of at its end.
        var awkwardCPUPercent: Double
    }

    /// `natter` built beside this benchmark (`swift build -c release` builds both).
    /// The natter beside this benchmark, or the one `NATTER_BENCH_NATTER` names (a build of another commit, to
    /// measure both in one run).
    static var natterBinary: String? {
        if let chosen = ProcessInfo.processInfo.environment["NATTER_BENCH_NATTER"], FileManager.default.isExecutableFile(atPath: chosen) {
            return chosen
        }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("natter").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
    }

    static var tmuxAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
        }
    }

    /// Starts natter at 120×40 against a loopback provider, measures it idle for `idleSeconds`, then asks a
    /// question whose answer streams `tokens` tokens at `perSecond` and measures it until the last is shown;
    /// then the same for an answer that is one paragraph (`p0 p1 …`).
    static func measure(binary: String, idleSeconds: Double, tokens: Int, perSecond: Int) async throws -> Figures {
        // Where each answer's measurement starts: when its first token leaves the server, with natter's CPU time
        // read at that moment (so that the request's own start-up is not counted against the streaming).
        let natterPID = Mutex<Int32?>(nil)
        let firstSent = Mutex<[String: Sample]>([:])
        func reply(_ prefix: String, paragraph: Int?, text: ((Int) -> String)? = nil, awkward: Bool = false) -> ScriptedResponse {
            StreamingBenchmarks.pacedReply(tokens: tokens, perSecond: perSecond, prefix: prefix, paragraph: paragraph, text: text, awkward: awkward) { index in
                guard index == 0, let pid = natterPID.withLock({ $0 }), let cpu = try? cpuSeconds(of: pid) else { return }
                firstSent.withLock { $0[prefix] = Sample(cpu: cpu, time: .now) }
            }
        }
        let paragraphs = reply("k", paragraph: 50)
        let oneParagraph = reply("p", paragraph: nil)
        let code = reply("c", paragraph: nil) { StreamingBenchmarks.codeToken($0, of: tokens) }
        let awkward = reply("a", paragraph: 50, awkward: true)
        let server = try await LoopbackServer.start { request, _ in
            if request.bodyText.contains("awkward") { return awkward }
            return request.bodyText.contains("swiftcode") ? code : request.bodyText.contains("paragraph") ? oneParagraph : paragraphs
        }
        defer { Task { await server.stop() } }

        let home = try benchHome(server, named: "process")
        defer { try? FileManager.default.removeItem(atPath: home) }

        let tmux = Tmux()
        defer { tmux.killServer() }
        let pid = try await start(binary, home: home, arguments: ["--provider", "bench", "--model", "m"], in: tmux, width: 120, height: 40) {
            $0.contains("bench")
        }
        natterPID.withLock { $0 = pid }

        // Idle: after start-up has settled, nothing should run at all.
        try await Task.sleep(for: .milliseconds(500))
        let idleStart = (cpu: try cpuSeconds(of: pid), wall: ContinuousClock.now)
        try await Task.sleep(for: .seconds(idleSeconds))
        let idleCPU = try cpuSeconds(of: pid) - idleStart.cpu
        let idleWall = (ContinuousClock.now - idleStart.wall).inSeconds
        let resident = try residentMegabytes(of: pid)

        let streaming = try await streamingCPU(asking: "go", lastToken: "k\(tokens - 1)", pid: pid, tmux: tmux) {
            firstSent.withLock { $0["k"] }
        }
        let paragraph = try await streamingCPU(asking: "paragraph", lastToken: "p\(tokens - 1)", pid: pid, tmux: tmux) {
            firstSent.withLock { $0["p"] }
        }
        let coloured = try await streamingCPU(asking: "swiftcode", lastToken: "// c\(tokens - 1)", pid: pid, tmux: tmux) {
            firstSent.withLock { $0["c"] }
        }
        let split = try await streamingCPU(asking: "awkward", lastToken: "a\(tokens - 1)", pid: pid, tmux: tmux) {
            firstSent.withLock { $0["a"] }
        }
        return Figures(
            idleCPUPercent: idleCPU / idleWall * 100, idleResidentMegabytes: resident,
            streamingCPUPercent: streaming.percent, tokensPerSecond: Double(tokens) / streaming.seconds,
            paragraphCPUPercent: paragraph.percent, codeCPUPercent: coloured.percent, awkwardCPUPercent: split.percent)
    }

    private struct Sample {
        var cpu: Double
        var time: ContinuousClock.Instant
    }

    /// Asks `question` and measures natter's CPU while the answer streams at a reading pace, from the first
    /// token's departure (`firstSent`) to `lastToken` on screen.
    private static func streamingCPU(
        asking question: String, lastToken: String, pid: Int32, tmux: Tmux, firstSent: () -> Sample?
    ) async throws -> (percent: Double, seconds: Double) {
        try tmux.run(["send-keys", "-t", "b", "-l", question])
        try tmux.run(["send-keys", "-t", "b", "Enter"])
        guard try await waitFor(timeout: .seconds(60), { tmux.screen(of: "b").joined(separator: " ").contains(lastToken) }),
            let start = firstSent()
        else { throw BenchError("the streamed reply never reached the screen") }
        let cpu = try cpuSeconds(of: pid) - start.cpu
        let seconds = (ContinuousClock.now - start.time).inSeconds
        return (cpu / seconds * 100, seconds)
    }

    /// A fresh home whose one provider, "bench" (model "m"), is `server`.
    static func benchHome(_ server: LoopbackServer, named name: String) throws -> String {
        let home = NSTemporaryDirectory() + "natter-bench-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/config/providers", withIntermediateDirectories: true)
        let provider = #"{"name": "bench", "engine": "openai", "host": "\#(server.url)/v1", "models": [{"name": "m"}]}"#
        try Data(provider.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/bench.json"))
        return home
    }

    /// natter in a fresh tmux session "b" with nothing of the caller's environment but its home, once its
    /// screen shows what `ready` looks for. Returns its process id.
    static func start(
        _ binary: String, home: String, arguments: [String], in tmux: Tmux, width: Int, height: Int, ready: @escaping (String) -> Bool
    ) async throws -> Int32 {
        let environment = [
            "HOME=\(home)", "NATTER_CONFIG_DIR=\(home)/config", "NATTER_DATA_DIR=\(home)/data", "TERM=xterm-256color",
            "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
        ].map(Tmux.quote).joined(separator: " ")
        let command = "exec env -i \(environment) \(Tmux.quote(binary)) \(arguments.map(Tmux.quote).joined(separator: " ")) 2>/dev/null"
        try tmux.run(["new-session", "-d", "-s", "b", "-x", "\(width)", "-y", "\(height)", command], capture: false)
        guard let pid = tmux.panePID(of: "b"), try await waitFor(timeout: .seconds(10), { ready(tmux.screen(of: "b").joined(separator: "\n")) })
        else { throw BenchError("natter did not start in tmux") }
        return pid
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes.
    static func waitFor(timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    /// User plus system CPU of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
    static func cpuSeconds(of pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func residentMegabytes(of pid: Int32) throws -> Double {
        try statusMegabytes("VmRSS", of: "\(pid)")
    }

    /// A memory field (`VmRSS`, `VmHWM`) of /proc/PROCESS/status, in MB.
    static func statusMegabytes(_ field: String, of process: String) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { throw BenchError("no \(field) in /proc/\(process)/status") }
        return kilobytes / 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
