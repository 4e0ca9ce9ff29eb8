import Foundation
import Testing

/// `natter-bench --quick` runs every measurement once, small: not to measure (the suite asserts no timing; the
/// machines are noisy) but to prove the benchmark still works, each figure is there and was really taken.
@Suite struct BenchmarkQuickModeTests {
    struct Figure: Decodable {
        var name: String
        var value: Double
        var unit: String
        var target: String
        var pass: Bool
    }

    /// Every figure the README's Performance table reports, by the start of its name.
    static let expectedFigures = [
        "frame render 200x60, 10 messages", "frame render 200x60, 10,000 messages", "render median ratio 10,000 / 10",
        "start-up work to first frame", "SSE framing throughput", "OpenAI chunk decoding", "Anthropic event decoding", "Ollama line decoding", "token to screen at 200 tokens/s",
        "CPU to stream 2,000 tokens at full speed", "list 200 sessions, first time", "list 200 sessions with the index",
        "open a 5000-message format-2", "open a 5000-message format-1", "peak RSS of a fresh natter-bench",
        "Ctrl+B on a tree of", "frame render 200x60 streaming a reply in that conversation", "frame render 200x60 with the tree overlay open", "PgUp through it", "search 10 MB of transcripts", "Ctrl+F in a 2000-message conversation", "the search itself, off the UI thread",
        "search 10 MB, first hits", "natter idle CPU", "natter idle RSS", "natter CPU streaming at",
        "natter CPU streaming one 400-token paragraph", "first frame in a fresh tmux", "printf of one line in a fresh tmux", "first frame / printf",
        "a 1 MB bracketed paste", "a keystroke and its frame with that paste", "open a session holding a 5 MB one-line message",
        "peak RSS of a fresh process that opens it", "resize with it on screen", "PgDn through it from the top",
        "natter's own time per tool round trip", "the whole round trip with the scripted server's echo",
        "first frame with 5 MCP servers configured", "what 5 MCP servers add to the first frame", "natter idle CPU with 5 MCP servers connected",
        "a 20 MB image attached", "Tab on @big.png to its chip", "open a session of 20 questions each with a 1 MB image",
        "that, against the same session without the images", "natter CPU streaming a 400-token Swift code block", "Ctrl+F's first match shown",
        "compare: frame render 200x60 with four panes", "compare: token to screen, two panes", "compare: natter CPU with two panes",
        "a frame 120x40 while a reply streams",
    ]

    @Test func everyFigureIsMeasured() async throws {
        let bench = URL(fileURLWithPath: NatterProcess.binary).deletingLastPathComponent().appendingPathComponent("natter-bench").path
        try #require(FileManager.default.isExecutableFile(atPath: bench), "natter-bench is built beside natter")
        let (status, output, errors) = try await Self.run(bench, ["--quick", "--json"])
        #expect(status == 0, "natter-bench failed: \(errors)")

        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let figures = try output.split(separator: "\n").map { try decoder.decode(Figure.self, from: Data($0.utf8)) }
        for expected in Self.expectedFigures {
            let figure = figures.first { $0.name.hasPrefix(expected) }
            #expect(figure != nil, "no figure named \(expected)…")
            // Measured for real: a figure is a finite number (a token never shown would be infinitely late)
            // with a unit and a target.
            if let figure {
                // What servers add to the first frame is a difference of two medians: it may come out below zero.
                #expect(figure.value.isFinite && (figure.value >= 0 || figure.name.hasPrefix("what 5 MCP servers add")), "\(figure.name): \(figure.value)")
                #expect(!figure.unit.isEmpty && !figure.target.isEmpty)
            }
        }
        let streaming = figures.first { $0.name.hasPrefix("natter CPU streaming at") }
        #expect((streaming?.value ?? 0) > 0, "the real binary used some CPU to show a streamed answer")
    }

    /// Runs a program to its end on a thread of its own (its few seconds of waiting must not hold one of
    /// Swift's two cooperative threads), its output in files (a pipe could fill and stall it).
    static func run(_ path: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let base = NSTemporaryDirectory() + "natter-bench-quick-\(UUID().uuidString)"
        let paths = (out: base + ".out", err: base + ".err")
        for file in [paths.out, paths.err] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        defer { for file in [paths.out, paths.err] { try? FileManager.default.removeItem(atPath: file) } }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.out))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.err))
        let process = Process()
        // At the lowest priority: its seconds of streaming, paging and searching would otherwise compete with
        // the timing tests running beside it (a 2-second silence limit once read as "no response").
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "19", path] + arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try out.close()
        try err.close()
        let status = await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }.start()
        }
        let read = { (file: String) in (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }
        return (status, read(paths.out), read(paths.err))
    }
}
