import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// Saved-session figures: listing thousands of sessions, opening a huge one and scrolling it, searching
/// hundreds of megabytes. The files are written to a scratch folder first and removed afterwards.
enum TranscriptBenchmarks {
    static let words = [
        "tapir", "kernel", "socket", "river", "lattice", "buffer", "orange", "quantum", "signal", "harbor", "vector",
        "meadow", "compile", "glacier", "thread", "lantern", "cipher", "cobalt", "window", "marble", "stream", "falcon",
    ]

    /// About `length` bytes of plain words, different for each seed.
    static func text(_ seed: Int, length: Int) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var text = ""
        while text.utf8.count < length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += words[Int(state >> 33) % words.count] + " "
        }
        return text
    }

    /// A transcript of `messages` messages (each about `length` bytes of content) as natter writes it: in
    /// format 2 (ids, parents, parts; every tenth reply asked for twice, so the tree has branches) or in the
    /// format 1 of earlier natters.
    static func transcript(id: String, messages: Int, length: Int, seed: Int, format: Int = 1) -> String {
        var lines = [#"{"type":"session","id":"\#(id)","created":"2026-11-01T10:00:00Z","version":\#(format)}"#]
        lines.reserveCapacity(messages + 1)
        for index in 0..<messages {
            let role = index % 2 == 0 ? "user" : "assistant"
            let finish = index % 2 == 0 ? "" : #","finish":"stop""#
            let minute = String(format: "%02d", (index / 60) % 60)
            let content = text(seed &+ index, length: length)
            guard format == 2 else {
                lines.append(
                    #"{"type":"message","role":"\#(role)","content":"\#(content)","provider":"bench","model":"m","ts":"2026-11-01T10:\#(minute):00Z"\#(finish)}"#)
                continue
            }
            let parent = index == 0 ? "" : #","parent":"m\#(index - 1)""#
            if index % 20 == 1 {
                // An earlier reply to the same question, kept as a sibling of the one the branch goes on with.
                lines.append(
                    #"{"type":"message","id":"x\#(index)"\#(parent),"role":"assistant","parts":[{"type":"text","text":"an earlier answer"}],"provider":"bench","model":"m","ts":"2026-11-01T10:\#(minute):00Z","finish":"stop"}"#)
            }
            lines.append(
                #"{"type":"message","id":"m\#(index)"\#(parent),"role":"\#(role)","parts":[{"type":"text","text":"\#(content)"}],"provider":"bench","model":"m","ts":"2026-11-01T10:\#(minute):00Z"\#(finish)}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scratchFolder() -> String {
        let path = NSTemporaryDirectory() + "natter-bench-\(UUID().uuidString)/sessions"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeScratch(_ folder: String) {
        try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent)
    }

    static func id(_ index: Int) -> String { String(format: "20261101-%06d-bench0", index) }

    /// Listing `count` sessions of 10 messages: the first time (index built) and then with the index, median.
    static func listSessions(count: Int, runs: Int) -> (first: Double, indexed: Double) {
        let folder = scratchFolder()
        defer { removeScratch(folder) }
        for index in 0..<count {
            try? transcript(id: id(index), messages: 10, length: 200, seed: index)
                .write(toFile: "\(folder)/\(id(index)).jsonl", atomically: false, encoding: .utf8)
        }
        let store = SessionStore(directory: folder)
        let first = Benchmarks.timings(runs: 1) { precondition(store.list().count == count) }[0]
        let indexed = Benchmarks.percentile(Benchmarks.timings(runs: runs) { precondition(store.list().count == count) }, 0.5)
        return (first, indexed)
    }

    /// Sessions kept for years (issue 34): `count` sessions, `pinned` of them pinned and `archived` archived, listed
    /// as `natter sessions` lists them (with the index: pinned first, archived left out), and the browser's first
    /// frame over them at 200×60. Medians of `runs`, in milliseconds.
    static func listKeptSessions(count: Int, pinned: Int, archived: Int, runs: Int) -> (list: Double, browser: Double) {
        let folder = scratchFolder()
        defer { removeScratch(folder) }
        for index in 0..<count {
            var text = transcript(id: id(index), messages: 4, length: 120, seed: index, format: 2)
            // Spread through the list, not bunched at one end: every 40th pinned, every 4th archived.
            if index % (count / max(1, pinned)) == 0 { text += #"{"type":"pin","on":true}"# + "\n" }
            if index % (count / max(1, archived)) == 1 { text += #"{"type":"archive","on":true}"# + "\n" }
            try? text.write(toFile: "\(folder)/\(id(index)).jsonl", atomically: false, encoding: .utf8)
        }
        let store = SessionStore(directory: folder)
        _ = store.list()  // the index built once, as any earlier listing would have
        let shown = count - archived
        let list = Benchmarks.percentile(
            Benchmarks.timings(runs: runs) { precondition(store.list().filter { !$0.archived }.count == shown) }, 0.5)
        let browser = Benchmarks.percentile(
            Benchmarks.timings(runs: runs) {
                var app = App(state: AppState(providerName: "bench", model: "m"))
                _ = app.update(.resized(width: 200, height: 60))
                _ = app.update(.key(.control("s")))
                _ = app.update(.sessionsListed(store.list()))
                let frame = Screen.render(app, width: 200, height: 60)
                precondition(frame.lines.joined().contains("⚑"), "pinned sessions first, marked")
            }, 0.5)
        return (list, browser)
    }

    struct OpenFigures {
        var megabytes: Double
        var openMilliseconds: Double
        var residentMegabytes: Double
        var pageP99Milliseconds: Double
    }

    /// Opening a session of `messages` messages as the review does (read, entries, first frame at 200×60),
    /// then paging up through it.
    static func openLargeSession(messages: Int, pages: Int, format: Int) -> OpenFigures {
        let folder = scratchFolder()
        defer { removeScratch(folder) }
        let path = "\(folder)/\(id(0)).jsonl"
        // About 500 bytes a line: 100,000 messages make the 50 MB session the target speaks of.
        try? transcript(id: id(0), messages: messages, length: 400, seed: 7, format: format).write(toFile: path, atomically: false, encoding: .utf8)
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_000_000
        var app: App?
        let openTime = Benchmarks.timings(runs: 1) { app = Self.open(path: path) }[0]
        precondition(app?.state.pane.entries.count == messages)
        let resident = peakResidentOfFreshProcess(opening: path)
        let paging = Benchmarks.timings(runs: pages) {
            _ = app?.update(.key(.pageUp))
            _ = app.map { Screen.render($0, width: 200, height: 60) }
        }
        return OpenFigures(
            megabytes: size, openMilliseconds: openTime, residentMegabytes: resident, pageP99Milliseconds: Benchmarks.percentile(paging, 0.99))
    }

    /// Searching `megabytes` of transcripts (sessions of 1,000 messages) for a word in a few places: the time to
    /// the first hits and to the end, median of `runs`.
    static func search(megabytes: Int, runs: Int) -> (firstHit: Double, total: Double, hits: Int) {
        let folder = scratchFolder()
        defer { removeScratch(folder) }
        let perSession = 1000
        let sessionBytes = perSession * 600
        let count = max(1, megabytes * 1_000_000 / sessionBytes)
        let stride = max(2, count / 8)  // the word sits in about eight sessions, spread through the folder
        for index in 0..<count {
            var body = transcript(id: id(index), messages: perSession, length: 480, seed: index * perSession)
            if index % stride == stride / 2 { body += #"{"type":"message","role":"assistant","content":"the Okapi is a giraffid","ts":"2026-11-01T11:00:00Z","finish":"stop"}"# + "\n" }
            try? body.write(toFile: "\(folder)/\(id(index)).jsonl", atomically: false, encoding: .utf8)
        }
        let store = SessionStore(directory: folder)
        let ids = store.list().map(\.id)
        var firstHits: [Double] = []
        var hits = 0
        let totals = Benchmarks.timings(runs: runs) {
            let start = ContinuousClock.now
            var first: Double?
            hits = 0
            TranscriptSearch("OKAPI")?.run(in: store, ids: ids, shouldStop: { false }) { found in
                if first == nil { first = (ContinuousClock.now - start).inSeconds * 1000 }
                hits += found.count
            }
            firstHits.append(first ?? .infinity)
        }
        return (Benchmarks.percentile(firstHits, 0.5), Benchmarks.percentile(totals, 0.5), hits)
    }

    /// What the review does to open a session: read it, make its entries, draw the first frame.
    static func open(path: String) -> App {
        let transcript = (try? TranscriptReader.read(path: path)) ?? TranscriptReader.parse(Data())
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 200, height: 60))
        _ = app.update(.conversationReplaced(transcript.conversation, notices: TranscriptProjection.notices(in: transcript), guide: nil, title: "big"))
        _ = Screen.render(app, width: 200, height: 60)
        return app
    }

    /// Peak RSS, in MB, of this benchmark run anew (`--open-rss PATH`) to open the session and nothing else:
    /// in this process, memory freed by earlier figures would be reused and hide the cost.
    static func peakResidentOfFreshProcess(opening path: String) -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--open-rss", path]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return .infinity }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity
    }

    /// `--open-rss PATH`: opens the session, prints the peak RSS in MB.
    static func reportPeakResident(opening path: String) {
        let app = open(path: path)
        precondition(!app.state.pane.entries.isEmpty)
        // VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, and a process spawned (vfork
        // style) from the benchmark inherited the benchmark's own peak, which made this figure read 336 MB
        // for what is about 105 MB.
        print(String(format: "%.1f", (try? ProcessBenchmarks.statusMegabytes("VmHWM", of: "self")) ?? .infinity))
    }
}
