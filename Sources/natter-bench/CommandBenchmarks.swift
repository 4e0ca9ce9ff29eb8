import Foundation

/// The real binary's commands on large sessions (issue 28, point 7 and 14): `natter show --tree` of a long
/// chain, `natter show` of a huge transcript. Wall time and peak RSS of the natter process, its output going to
/// /dev/null as a pager's would be read.
enum CommandBenchmarks {
    struct Run {
        var milliseconds: Double
        var peakMegabytes: Double
        var exitStatus: Int32
        /// Stopped at the time limit (or at the memory limit) before it finished.
        var killed: Bool
    }

    /// A run past this is stopped and reported so (an older natter took over 10 GB and minutes on show --tree).
    static let timeLimit = Duration.seconds(60)
    static let memoryLimitMegabytes = 8_000.0

    /// A session of `messages` messages in one chain (questions and answers), written as natter writes them.
    static func writeChain(messages: Int, textBytes: Int, id: String, in sessions: String) throws {
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        let path = sessions + "/\(id).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var chunk = #"{"type":"session","id":"\#(id)","created":"2026-12-01T12:00:00Z","version":2}"# + "\n"
        let words = String(repeating: "lorem ipsum ", count: max(1, textBytes / 12))
        for index in 0..<messages {
            let role = index % 2 == 0 ? "user" : "assistant"
            let parent = index == 0 ? "" : #","parent":"m\#(index - 1)""#
            let origin = role == "assistant" ? #","provider":"bench","model":"m","finish":"stop""# : ""
            chunk += #"{"type":"message","id":"m\#(index)"\#(parent),"role":"\#(role)","parts":[{"type":"text","text":"\#(index) \#(words)"}]\#(origin),"ts":"2026-12-01T12:00:01Z"}"# + "\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// A session of `messages` messages whose replies are markdown as models write it: a paragraph, a table and
    /// a Swift block each, so that a page made of it lays out and colours every reply.
    static func writeMarkdownChain(messages: Int, id: String, in sessions: String) throws {
        let reply = "Here is **the answer**, with `code` in it:\\n\\n| name | value |\\n| --- | ---: |\\n| alpha | 1 |\\n| beta | 22 |\\n\\n"
            + "```swift\\nlet total = values.reduce(0, +) // sum\\nfunc greet(_ name: String) -> String { \\\"hello \\\\(name)\\\" }\\n```\\n"
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        var text = #"{"type":"session","id":"\#(id)","created":"2026-12-01T12:00:00Z","version":2}"# + "\n"
        for index in 0..<messages {
            let parent = index == 0 ? "" : #","parent":"m\#(index - 1)""#
            let (role, body, origin) = index % 2 == 0
                ? ("user", "Question \(index): how do I sum these values?", "")
                : ("assistant", reply, #","provider":"bench","model":"m","finish":"stop","usage":{"input_tokens":900,"output_tokens":120,"cost":0.0021}"#)
            text += #"{"type":"message","id":"m\#(index)"\#(parent),"role":"\#(role)","parts":[{"type":"text","text":"\#(body)"}]\#(origin),"ts":"2026-12-01T12:00:01Z"}"# + "\n"
        }
        try text.write(toFile: sessions + "/\(id).jsonl", atomically: true, encoding: .utf8)
    }

    /// Runs natter with `arguments` in a home whose data folder is `data`, output to /dev/null; the peak RSS is
    /// the process's own VmHWM (its memory's high-water mark), read from /proc every 2 ms until it exits. Not
    /// getrusage: Linux carries ru_maxrss across exec, so a child of this benchmark would report its parent's.
    static func run(binary: String, arguments: [String], data: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": data, "NATTER_CONFIG_DIR": data + "/config", "NATTER_DATA_DIR": data, "LANG": "C.UTF-8",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        var peak = 0.0
        var killed = false
        while process.isRunning {
            if let megabytes = try? ProcessBenchmarks.statusMegabytes("VmHWM", of: "\(process.processIdentifier)") { peak = max(peak, megabytes) }
            if !killed, ContinuousClock.now - start > timeLimit || peak > memoryLimitMegabytes {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            usleep(2000)
        }
        let elapsed = ContinuousClock.now - start
        return Run(milliseconds: elapsed.inMilliseconds, peakMegabytes: peak, exitStatus: process.terminationStatus, killed: killed)
    }
}
