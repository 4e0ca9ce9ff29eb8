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

    /// A transcript of `messages` messages (each about `length` bytes of content) as natter writes it.
    static func transcript(id: String, messages: Int, length: Int, seed: Int) -> String {
        var lines = [#"{"type":"session","id":"\#(id)","created":"2026-11-01T10:00:00Z","version":1}"#]
        lines.reserveCapacity(messages + 1)
        for index in 0..<messages {
            let role = index % 2 == 0 ? "user" : "assistant"
            let finish = index % 2 == 0 ? "" : #","finish":"stop""#
            let minute = String(format: "%02d", (index / 60) % 60)
            lines.append(
                #"{"type":"message","role":"\#(role)","content":"\#(text(seed &+ index, length: length))","provider":"bench","model":"m","ts":"2026-11-01T10:\#(minute):00Z"\#(finish)}"#)
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

    struct OpenFigures {
        var megabytes: Double
        var openMilliseconds: Double
        var residentMegabytes: Double
        var pageP99Milliseconds: Double
    }

    /// Opening a session of `messages` messages as the review does (read, entries, first frame at 200×60),
    /// then paging up through it.
    static func openLargeSession(messages: Int, pages: Int) -> OpenFigures {
        let folder = scratchFolder()
        defer { removeScratch(folder) }
        let path = "\(folder)/\(id(0)).jsonl"
        try? transcript(id: id(0), messages: messages, length: 480, seed: 7).write(toFile: path, atomically: false, encoding: .utf8)
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_000_000
        let residentBefore = residentMegabytes()
        var app: App?
        let open = Benchmarks.timings(runs: 1) {
            let transcript = try? TranscriptReader.read(path: path)
            let opened = App(state: AppState(providerName: "bench", model: "m"))
            opened.reset(entries: TranscriptEntry.entries(from: transcript ?? TranscriptReader.parse(Data())).entries, title: "big")
            _ = Screen.render(opened, width: 200, height: 60)
            app = opened
        }[0]
        precondition(app?.state.entries.count == messages)
        let resident = residentMegabytes() - residentBefore
        let paging = Benchmarks.timings(runs: pages) {
            _ = app?.update(.key(.pageUp))
            _ = app.map { Screen.render($0, width: 200, height: 60) }
        }
        return OpenFigures(
            megabytes: size, openMilliseconds: open, residentMegabytes: resident, pageP99Milliseconds: Benchmarks.percentile(paging, 0.99))
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

    static func residentMegabytes() -> Double {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_000_000
    }
}
