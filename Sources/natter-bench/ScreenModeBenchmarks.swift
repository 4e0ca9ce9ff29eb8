import Foundation
import NatterTestSupport
import Synchronization

/// The three screen modes side by side in one run (issue 32): the real binary in tmux at 120×40 streaming the same
/// paced reply, measured from outside — CPU from /proc, and every byte natter wrote to the terminal (tmux's
/// pipe-pane) from the question on: how many per token, and how many of them control sequences, per line.
enum ScreenModeBenchmarks {
    struct Figures {
        var cpuPercent: Double
        var bytesPerToken: Double
        /// Bytes inside escape sequences, per line written.
        var controlBytesPerLine: Double
    }

    static func measure(binary: String, mode: [String], tokens: Int, perSecond: Int) async throws -> Figures {
        let natterPID = Mutex<Int32?>(nil)
        let firstCPU = Mutex<(cpu: Double, time: ContinuousClock.Instant)?>(nil)
        let reply = StreamingBenchmarks.pacedReply(tokens: tokens, perSecond: perSecond) { index in
            guard index == 0, let pid = natterPID.withLock({ $0 }), let cpu = try? ProcessBenchmarks.cpuSeconds(of: pid) else { return }
            firstCPU.withLock { $0 = (cpu, .now) }
        }
        let server = try await LoopbackServer.start { _, _ in reply }
        defer { Task { await server.stop() } }
        let home = try ProcessBenchmarks.benchHome(server, named: "modes")
        defer { try? FileManager.default.removeItem(atPath: home) }

        let tmux = Tmux()
        defer { tmux.killServer() }
        let pid = try await ProcessBenchmarks.start(binary, home: home, arguments: mode + ["--provider", "bench", "--model", "m"], in: tmux, width: 120, height: 40) {
            $0.contains("bench") || $0.contains(">")
        }
        natterPID.withLock { $0 = pid }
        try await Task.sleep(for: .milliseconds(500))
        let recorded = home + "/written.bytes"
        try tmux.run(["pipe-pane", "-t", "b", "-o", "cat >> " + Tmux.quote(recorded)])
        try tmux.run(["send-keys", "-t", "b", "-l", "go"])
        try tmux.run(["send-keys", "-t", "b", "Enter"])
        let last = "k\(tokens - 1)"
        guard try await ProcessBenchmarks.waitFor(timeout: .seconds(60), { tmux.screen(of: "b").joined(separator: " ").contains(last) }),
            let start = firstCPU.withLock({ $0 })
        else { throw BenchError("the streamed reply never reached the screen") }
        let cpu = try ProcessBenchmarks.cpuSeconds(of: pid) - start.cpu
        let seconds = (ContinuousClock.now - start.time).inSeconds
        // What the end of the reply prints (inline: the reply into the scrollback) is counted too.
        try await Task.sleep(for: .milliseconds(300))
        let bytes = FileManager.default.contents(atPath: recorded).map([UInt8].init) ?? []
        return Figures(
            cpuPercent: cpu / seconds * 100, bytesPerToken: Double(bytes.count) / Double(tokens),
            controlBytesPerLine: Double(controlBytes(bytes)) / Double(max(1, bytes.filter { $0 == 0x0A }.count)))
    }

    /// Bytes that belong to escape sequences: from ESC to the final byte of a CSI, or to the terminator of an OSC.
    static func controlBytes(_ bytes: [UInt8]) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B else {
                index += 1
                continue
            }
            var end = index + 1
            if end < bytes.count, bytes[end] == 0x5B {
                end += 1
                while end < bytes.count, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
            } else if end < bytes.count, bytes[end] == 0x5D {
                while end < bytes.count, bytes[end] != 0x07, !(bytes[end] == 0x5C && bytes[end - 1] == 0x1B) { end += 1 }
            }
            end = min(end + 1, bytes.count)
            count += end - index
            index = end
        }
        return count
    }
}
