import Foundation
import NatterTestSupport

// natter-bench: prints one line per figure with its target and PASS/FAIL (`--json` for one JSON object per
// line; `--quick` for few runs, to prove the benchmark works, not to measure). Build it in release mode:
//   swift run -c release natter-bench
let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--open-rss", let path = arguments.dropFirst().first {
    TranscriptBenchmarks.reportPeakResident(opening: path)
    exit(0)
}
if arguments.first == "--import-rss", arguments.count == 3 {
    ImportBenchmarks.reportImport(path: arguments[arguments.startIndex + 1], into: arguments[arguments.startIndex + 2])
    exit(0)
}
let json = arguments.contains("--json")
let quick = arguments.contains("--quick")
let runs = quick ? 5 : 200
// `--only GROUP` (render, frames, startup, decoding, streaming, compare, transcripts, sessions, input, attachments, tools, commands, flood, process, screens) measures one group: for profiling.
let only = arguments.firstIndex(of: "--only").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
func wants(_ group: String) -> Bool { only == nil || only == group }

var figures: [Figure] = []
/// Groups that could not measure at all (a server or terminal that failed): reported, and the exit status says so.
var broken: [String] = []

if wants("render") {
    let small = Benchmarks.frameRender(messages: 10, runs: runs)
    let large = Benchmarks.frameRender(messages: 10_000, runs: runs)
    let smallP99 = Benchmarks.percentile(small, 0.99)
    let largeP99 = Benchmarks.percentile(large, 0.99)
    figures.append(Figure(name: "frame render 200x60, 10 messages, p99", value: smallP99, unit: "ms", target: "<= 2 ms", pass: smallP99 <= 2))
    figures.append(Figure(name: "frame render 200x60, 10,000 messages, p99", value: largeP99, unit: "ms", target: "<= 2 ms", pass: largeP99 <= 2))
    let ratio = Benchmarks.percentile(large, 0.5) / max(0.0001, Benchmarks.percentile(small, 0.5))
    figures.append(Figure(name: "render median ratio 10,000 / 10 messages", value: ratio, unit: "x", target: "<= 1.5x", pass: ratio <= 1.5))
    // Beyond the target: a frame must cost the same however long the conversation grows.
    let huge = Benchmarks.frameRender(messages: quick ? 1000 : 100_000, runs: runs)
    let hugeRatio = Benchmarks.percentile(huge, 0.5) / max(0.0001, Benchmarks.percentile(small, 0.5))
    figures.append(Figure(name: "render median ratio \(quick ? "1,000" : "100,000") / 10 messages", value: hugeRatio, unit: "x", target: "<= 1.5x", pass: hugeRatio <= 1.5))
}

if wants("frames") {
    let paced = (0..<(quick ? 1 : 5)).flatMap { _ in Benchmarks.pacedFrames(tokens: 2000) }
    let pacedMedian = Benchmarks.percentile(paced, 0.5)
    figures.append(Figure(name: "a frame 120x40 while a reply streams (3 tokens and a render), median of \(paced.count)", value: pacedMedian * 1000, unit: "us", target: "for reference", pass: true))
}

if wants("startup") {
    let startup = Benchmarks.percentile(Benchmarks.startupToFirstFrame(runs: quick ? 3 : 20), 0.5)
    figures.append(Figure(name: "start-up work to first frame 120x40 (in process), median", value: startup, unit: "ms", target: "<= 60 ms", pass: startup <= 60))
}

if wants("decoding") {
    let stream = Benchmarks.openAIStream(events: quick ? 2000 : 200_000)
    let framing = Benchmarks.percentile(Benchmarks.sseFraming(bytes: stream, runs: quick ? 2 : 7), 0.5)
    let megabytesPerSecond = Double(stream.count) / 1_000_000 / (framing / 1000)
    figures.append(Figure(name: "SSE framing throughput, median", value: megabytesPerSecond, unit: "MB/s", target: ">= 500 MB/s", pass: megabytesPerSecond >= 500))

    let decodingStream = quick ? stream : Benchmarks.openAIStream(events: 100_000)
    let chunksPerSecond = StreamingBenchmarks.chunkDecoding(stream: decodingStream, runs: quick ? 2 : 7)
    figures.append(Figure(name: "OpenAI chunk decoding (SSE + JSON + interpretation), median", value: chunksPerSecond, unit: "chunks/s", target: ">= 100000 chunks/s", pass: chunksPerSecond >= 100_000))
    let anthropic = StreamingBenchmarks.chunkDecoding(stream: Benchmarks.anthropicStream(events: quick ? 2000 : 100_000), engine: .anthropic, runs: quick ? 2 : 7)
    figures.append(Figure(name: "Anthropic event decoding (SSE + JSON + interpretation), median", value: anthropic, unit: "events/s", target: ">= 100000 events/s", pass: anthropic >= 100_000))
    let ollama = StreamingBenchmarks.chunkDecoding(stream: Benchmarks.ollamaStream(events: quick ? 2000 : 100_000), engine: .ollama, runs: quick ? 2 : 7)
    figures.append(Figure(name: "Ollama line decoding (NDJSON + JSON + interpretation), median", value: ollama, unit: "lines/s", target: ">= 100000 lines/s", pass: ollama >= 100_000))
}

if wants("streaming") {
    do {
        let latencyTokens = quick ? 100 : 1000
        let latencyRuns = quick ? 1 : 3
        var latencyP99s: [Double] = []
        for _ in 0..<latencyRuns {
            let latencies = try await StreamingBenchmarks.tokenToScreen(tokens: latencyTokens, perSecond: 200)
            // A token never shown counts as infinitely late.
            latencyP99s.append(latencies.count < latencyTokens ? .infinity : Benchmarks.percentile(latencies, 0.99))
        }
        let latencyP99 = Benchmarks.percentile(latencyP99s, 0.5)
        figures.append(Figure(name: "token to screen at 200 tokens/s, p99 of \(latencyTokens) tokens, median of \(latencyRuns) runs", value: latencyP99, unit: "ms", target: "<= 20 ms", pass: latencyP99 <= 20))

        let cpu = try await Benchmarks.streamingCPU(tokens: 2000)
        figures.append(Figure(name: "CPU to stream 2,000 tokens at full speed (session + update + render)", value: cpu, unit: "s", target: "<= 0.5 s", pass: cpu <= 0.5))
    } catch {
        broken.append("streaming: \(error)")
    }
}

if wants("compare") {
    let (paneTokens, above) = quick ? (200, 1000) : (2000, 10_000)
    let frames = Benchmarks.percentile(CompareBenchmarks.fourPaneFrames(tokens: paneTokens, messages: above, runs: runs * 4), 0.99)
    figures.append(Figure(name: "compare: frame render 200x60 with four panes streaming (\(paneTokens) tokens each, \(above) messages above), p99", value: frames, unit: "ms", target: "<= 2 ms", pass: frames <= 2))
    do {
        let tokens = quick ? 100 : 1000
        let panes = try await CompareBenchmarks.tokenToScreen(panes: 2, tokens: tokens, perSecond: 200)
        // A token never shown counts as infinitely late.
        let worst = panes.map { $0.count < tokens ? .infinity : Benchmarks.percentile($0, 0.99) }.max() ?? .infinity
        figures.append(Figure(name: "compare: token to screen, two panes at 200 tokens/s each, p99 of \(tokens) tokens, worst pane", value: worst, unit: "ms", target: "<= 20 ms", pass: worst <= 20))
        if let binary = ProcessBenchmarks.natterBinary, ProcessBenchmarks.tmuxAvailable {
            let cpuRuns = quick ? 1 : 5
            var cpus: [Double] = []
            for _ in 0..<cpuRuns { cpus.append(try await CompareBenchmarks.processCPU(binary: binary, tokens: quick ? 400 : 2000, perSecond: 200)) }
            let cpu = Benchmarks.percentile(cpus, 0.5)
            figures.append(Figure(name: "compare: natter CPU with two panes each streaming 200 tokens/s (one core), median of \(cpuRuns) runs", value: cpu, unit: "%", target: "<= 2 %", pass: cpu <= 2))
        }
    } catch {
        broken.append("compare: \(error)")
    }
}

if wants("transcripts") {
    let sessionCount = quick ? 200 : 5000
    let listing = TranscriptBenchmarks.listSessions(count: sessionCount, runs: quick ? 2 : 7)
    figures.append(Figure(name: "list \(sessionCount) sessions, first time (builds the index)", value: listing.first, unit: "ms", target: "<= 3000 ms", pass: listing.first <= 3000))
    figures.append(Figure(name: "list \(sessionCount) sessions with the index, median", value: listing.indexed, unit: "ms", target: "<= 300 ms", pass: listing.indexed <= 300))

    // 10,000 conversations of 20 messages of 2.5 kB: the 500 MB export the issue speaks of.
    let imported = ImportBenchmarks.importExport(conversations: quick ? 200 : 10_000, messages: 20, textLength: 2400)
    figures.append(Figure(name: "import a \(Int(imported.megabytes)) MB ChatGPT export (\(quick ? 200 : 10_000) conversations)", value: imported.seconds, unit: "s", target: "<= 30 s", pass: imported.seconds <= 30))
    figures.append(Figure(name: "its peak resident memory", value: imported.residentMegabytes, unit: "MB", target: "<= 500 MB", pass: imported.residentMegabytes <= 500))

    let messageCount = quick ? 5000 : 100_000
    for format in [2, 1] {
        let opened = TranscriptBenchmarks.openLargeSession(messages: messageCount, pages: quick ? 20 : 200, format: format)
        let kind = format == 2 ? "format-2 (a branch every 20 messages)" : "format-1"
        figures.append(Figure(name: "open a \(messageCount)-message \(kind) session (\(Int(opened.megabytes)) MB) to its first frame", value: opened.openMilliseconds, unit: "ms", target: "<= 1500 ms", pass: opened.openMilliseconds <= 1500))
        figures.append(Figure(name: "peak RSS of a fresh natter-bench that opens it", value: opened.residentMegabytes, unit: "MB", target: "<= 300 MB", pass: opened.residentMegabytes <= 300))
        figures.append(Figure(name: "PgUp through it, frame p99", value: opened.pageP99Milliseconds, unit: "ms", target: "<= 16 ms", pass: opened.pageP99Milliseconds <= 16))
    }

    let branches = quick ? 1000 : 10_000
    let tree = TreeBenchmarks.measure(branches: branches, runs: quick ? 5 : 50)
    figures.append(Figure(name: "Ctrl+B on a tree of \(tree.leaves) branches (\(tree.messages) messages) to its first frame, median", value: tree.openMilliseconds, unit: "ms", target: "<= 50 ms", pass: tree.openMilliseconds <= 50))
    figures.append(Figure(name: "frame render 200x60 streaming a reply in that conversation, p99", value: tree.frameP99Milliseconds, unit: "ms", target: "<= 2 ms", pass: tree.frameP99Milliseconds <= 2))
    figures.append(Figure(name: "frame render 200x60 with the tree overlay open, moving through it, p99", value: tree.overlayFrameP99Milliseconds, unit: "ms", target: "<= 2 ms", pass: tree.overlayFrameP99Milliseconds <= 2))

    let findMessages = quick ? 2000 : 100_000
    let find = FindBenchmarks.measure(messages: findMessages, runs: quick ? 5 : 100)
    figures.append(Figure(name: "Ctrl+F in a \(findMessages)-message conversation: a keystroke on the UI thread and its frame, p99", value: find.keystrokeP99Milliseconds, unit: "ms", target: "<= 16 ms", pass: find.keystrokeP99Milliseconds <= 16))
    figures.append(Figure(name: "the search itself, off the UI thread, every match (\(find.matches)), median", value: find.searchMilliseconds, unit: "ms", target: "<= 1000 ms", pass: find.searchMilliseconds <= 1000))
    figures.append(Figure(name: "Ctrl+F's first match shown, half the conversation away, before the count, median", value: find.firstMatchMilliseconds, unit: "ms", target: "<= 50 ms", pass: find.firstMatchMilliseconds <= 50))

    let searchMegabytes = quick ? 10 : 200
    let searched = TranscriptBenchmarks.search(megabytes: searchMegabytes, runs: quick ? 1 : 3)
    figures.append(Figure(name: "search \(searchMegabytes) MB of transcripts, all hits (\(searched.hits)), median", value: searched.total, unit: "ms", target: "<= 2000 ms", pass: searched.total <= 2000))
    figures.append(Figure(name: "search \(searchMegabytes) MB, first hits, median", value: searched.firstHit, unit: "ms", target: "< all hits", pass: searched.firstHit < searched.total))
}

// Years of sessions (issue 34): a group of its own, to be profiled without the others.
if wants("sessions") {
    let history = ComposerBenchmarks.historySearch(sessions: quick ? 200 : 5000, questions: 20, keystrokes: quick ? 30 : 300)
    figures.append(Figure(name: "F3 history search over \(history.messages) saved messages: first results", value: history.firstResultsMilliseconds, unit: "ms", target: "<= 50 ms", pass: history.firstResultsMilliseconds <= 50))
    figures.append(Figure(name: "a keystroke of its query with every message loaded (update and frame), p99", value: history.keystrokeP99Milliseconds, unit: "ms", target: "<= 16 ms", pass: history.keystrokeP99Milliseconds <= 16))
    let (kept, pinned, archived) = quick ? (2000, 50, 500) : (20_000, 500, 5000)
    let keptList = TranscriptBenchmarks.listKeptSessions(count: kept, pinned: pinned, archived: archived, runs: quick ? 2 : 7)
    figures.append(Figure(name: "list \(kept) sessions, \(pinned) pinned and \(archived) archived, with the index, median", value: keptList.list, unit: "ms", target: "<= 100 ms", pass: keptList.list <= 100))
    figures.append(Figure(name: "the browser's first frame over them (list read, Ctrl+S, 200x60), median", value: keptList.browser, unit: "ms", target: "<= 100 ms", pass: keptList.browser <= 100))
}

if wants("input") {
    let completion = ComposerBenchmarks.slashCompletion(runs: quick ? 50 : 2000)
    figures.append(Figure(name: "a keystroke of /model NAME among 500 models: update and frame with the list, p99", value: completion, unit: "ms", target: "<= 1 ms", pass: completion <= 1))
    let megabytes = quick ? 1 : 10
    let pasted = InputBenchmarks.paste(megabytes: megabytes, keystrokes: quick ? 5 : 100)
    figures.append(Figure(name: "a \(megabytes) MB bracketed paste: decoded, into the input, first frame", value: pasted.pasteMilliseconds, unit: "ms", target: "<= 1000 ms", pass: pasted.pasteMilliseconds <= 1000))
    figures.append(Figure(name: "a keystroke and its frame with that paste in the input, p99", value: pasted.keystrokeP99Milliseconds, unit: "ms", target: "<= 16 ms", pass: pasted.keystrokeP99Milliseconds <= 16))
    let huge = InputBenchmarks.hugeMessage(megabytes: quick ? 5 : 50)
    figures.append(Figure(name: "open a session holding a \(quick ? 5 : 50) MB one-line message to its first frame", value: huge.openMilliseconds, unit: "ms", target: "<= 1000 ms", pass: huge.openMilliseconds <= 1000))
    figures.append(Figure(name: "peak RSS of a fresh process that opens it", value: huge.residentMegabytes, unit: "MB", target: "<= 200 MB", pass: huge.residentMegabytes <= 200))
    figures.append(Figure(name: "resize with it on screen (first frame at the new width)", value: huge.resizeMilliseconds, unit: "ms", target: "<= 50 ms", pass: huge.resizeMilliseconds <= 50))
    figures.append(Figure(name: "PgDn through it from the top, slowest of 2,000 frames (a new piece laid out)", value: huge.pageSlowestMilliseconds, unit: "ms", target: "<= 16 ms", pass: huge.pageSlowestMilliseconds <= 16))
}

if wants("attachments") {
    do {
        let images = quick ? 20 : 200
        let attached = try AttachmentBenchmarks.measure(megabytes: 20, runs: quick ? 3 : 15, sessionImages: images)
        figures.append(Figure(name: "a 20 MB image attached (read, told, hashed, kept) and encoded into a request, slowest engine (\(attached.slowestEngine)), median", value: attached.attachAndEncodeMilliseconds, unit: "ms", target: "<= 100 ms", pass: attached.attachAndEncodeMilliseconds <= 100))
        figures.append(Figure(name: "Tab on @big.png to its chip and frame, on the UI thread (the file is read off it), p99", value: attached.tabToChipP99Milliseconds, unit: "ms", target: "<= 16 ms", pass: attached.tabToChipP99Milliseconds <= 16))
        let ratio = attached.openWithImagesMilliseconds / max(0.001, attached.openWithoutMilliseconds)
        figures.append(Figure(name: "open a session of \(images) questions each with a 1 MB image to its first frame, median", value: attached.openWithImagesMilliseconds, unit: "ms", target: "for reference", pass: true))
        figures.append(Figure(name: "that, against the same session without the images", value: ratio, unit: "x", target: "<= 1.25x", pass: ratio <= 1.25))
        figures.append(Figure(name: "peak RSS of a fresh natter-bench that opens it", value: attached.residentMegabytes, unit: "MB", target: "<= 60 MB", pass: attached.residentMegabytes <= 60))
    } catch {
        broken.append("attachments: \(error)")
    }
}

if wants("tools") {
    do {
        if let tools = try await ToolBenchmarks.roundTrip(rounds: quick ? 5 : 50) {
            figures.append(Figure(name: "natter's own time per tool round trip (reply parsed → MCP call → next request sent), less the server's, median", value: tools.overheadMedianMilliseconds, unit: "ms", target: "<= 5 ms", pass: tools.overheadMedianMilliseconds <= 5))
            figures.append(Figure(name: "the whole round trip with the scripted server's echo over stdio, median", value: tools.roundTripMedianMilliseconds, unit: "ms", target: "for reference", pass: true))
        } else {
            FileHandle.standardError.write(Data("skipped the tool round trip: it needs the test tools (bash scripts/ensure-test-tools)\n".utf8))
        }
    } catch {
        broken.append("tools: \(error)")
    }
}

// An MCP server flooding the real binary in tmux: needs the test tools' Python (bash scripts/ensure-test-tools).
if wants("screens") {
    do {
        if let binary = ProcessBenchmarks.natterBinary, ProcessBenchmarks.tmuxAvailable {
            // The three modes in turn, run after run, so that the machine's moods fall on all of them alike.
            let modeRuns = quick ? 1 : 3
            let modes: [(name: String, arguments: [String])] = [("full screen", []), ("inline", ["--inline"]), ("plain", ["--plain"])]
            var measured: [String: [ScreenModeBenchmarks.Figures]] = [:]
            for _ in 0..<modeRuns {
                for mode in modes {
                    measured[mode.name, default: []].append(
                        try await ScreenModeBenchmarks.measure(binary: binary, mode: mode.arguments, tokens: quick ? 400 : 2000, perSecond: 200))
                }
            }
            func median(_ mode: String, _ value: (ScreenModeBenchmarks.Figures) -> Double) -> Double {
                Benchmarks.percentile((measured[mode] ?? []).map(value), 0.5)
            }
            let of = "200 tokens/s, median of \(modeRuns)"
            let fullCPU = median("full screen", \.cpuPercent)
            let inlineCPU = median("inline", \.cpuPercent)
            figures.append(Figure(name: "full screen: natter CPU streaming at \(of)", value: fullCPU, unit: "%", target: "for reference", pass: true))
            figures.append(Figure(name: "full screen: bytes written per token at \(of)", value: median("full screen", \.bytesPerToken), unit: "B", target: "for reference", pass: true))
            figures.append(Figure(name: "inline: natter CPU streaming at \(of)", value: inlineCPU, unit: "%", target: "<= full screen", pass: inlineCPU <= fullCPU))
            let inlineBytes = median("inline", \.bytesPerToken)
            figures.append(Figure(name: "inline: bytes written per token at \(of)", value: inlineBytes, unit: "B", target: "<= 64 B", pass: inlineBytes <= 64))
            let plainControl = median("plain", \.controlBytesPerLine)
            figures.append(Figure(name: "plain: control-sequence bytes per line at \(of)", value: plainControl, unit: "B", target: "<= 16 B", pass: plainControl <= 16))
            figures.append(Figure(name: "plain: natter CPU streaming at \(of)", value: median("plain", \.cpuPercent), unit: "%", target: "for reference", pass: true))
        }
    } catch {
        broken.append("screens: \(error)")
    }
}

if wants("flood") {
    do {
        if let binary = ProcessBenchmarks.natterBinary, ProcessBenchmarks.tmuxAvailable, FileManager.default.isExecutableFile(atPath: MCPTestServers.python) {
            for mode in ["flood-list-changed", "flood-ping-read"] {
                let flood = try await FloodBenchmarks.measure(binary: binary, mode: mode, seconds: quick ? 2 : 10, keystrokes: quick ? 5 : 60)
                figures.append(Figure(name: "an MCP server in \(mode): natter's peak RSS", value: flood.peakMegabytes, unit: "MB", target: "<= 100 MB", pass: flood.peakMegabytes <= 100))
                figures.append(Figure(name: "a typed key to the screen meanwhile (tmux), p99", value: flood.keystrokeP99Milliseconds, unit: "ms", target: "for reference (includes tmux)", pass: true))
            }
        }
    } catch {
        broken.append("flood: \(error)")
    }
}

// The real binary's commands on large sessions: needs `swift build -c release` (natter beside this benchmark).
if wants("commands") {
    do {
        if let binary = ProcessBenchmarks.natterBinary {
            let data = NSTemporaryDirectory() + "natter-bench-commands-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: data) }
            let chain = quick ? 20_000 : 200_000
            try CommandBenchmarks.writeChain(messages: chain, textBytes: 100, id: "chain", in: data + "/sessions")
            let tree = try CommandBenchmarks.run(binary: binary, arguments: ["show", "chain", "--tree"], data: data)
            figures.append(Figure(name: "natter show --tree of \(chain) messages in one chain, to /dev/null\(tree.killed ? " (stopped at the limit)" : "")", value: tree.milliseconds, unit: "ms", target: "<= 2000 ms", pass: tree.milliseconds <= 2000 && tree.exitStatus == 0))
            figures.append(Figure(name: "its peak RSS", value: tree.peakMegabytes, unit: "MB", target: "<= 300 MB", pass: tree.peakMegabytes <= 300))
            let megabytes = quick ? 50 : 1000
            try CommandBenchmarks.writeChain(messages: megabytes * 1000 / 2, textBytes: 1900, id: "huge", in: data + "/sessions")
            let huge = try CommandBenchmarks.run(binary: binary, arguments: ["show", "huge"], data: data)
            figures.append(Figure(name: "natter show of a \(megabytes) MB transcript, to /dev/null\(huge.killed ? " (stopped at the limit)" : "")", value: huge.milliseconds, unit: "ms", target: "for reference", pass: huge.exitStatus == 0))
            figures.append(Figure(name: "its peak RSS", value: huge.peakMegabytes, unit: "MB", target: "<= 300 MB", pass: huge.peakMegabytes <= 300))
            // The page to share (issue 34): every reply laid out as HTML, its table and code coloured.
            try CommandBenchmarks.writeMarkdownChain(messages: 10_000, id: "page", in: data + "/sessions")
            let page = try CommandBenchmarks.run(binary: binary, arguments: ["export", "page", "--format", "html", "-o", "-"], data: data)
            figures.append(Figure(name: "natter export --format html of a 10000-message session (tables and code), to /dev/null\(page.killed ? " (stopped at the limit)" : "")", value: page.milliseconds, unit: "ms", target: "<= 1000 ms", pass: page.milliseconds <= 1000 && page.exitStatus == 0))
            figures.append(Figure(name: "its peak RSS", value: page.peakMegabytes, unit: "MB", target: "for reference", pass: page.exitStatus == 0))
        }
    } catch {
        broken.append("commands: \(error)")
    }
}

// The real binary in tmux: needs `swift build -c release` (which builds natter beside this benchmark) and tmux.
if wants("process") {
    do {
        if let binary = ProcessBenchmarks.natterBinary, ProcessBenchmarks.tmuxAvailable {
            let processRuns = quick ? 1 : 5
            var runs: [ProcessBenchmarks.Figures] = []
            for _ in 0..<processRuns {
                // Quick mode still streams for 2 s: /proc counts CPU in 10 ms ticks, and half a second of a few per cent
                // could read as none.
                runs.append(try await ProcessBenchmarks.measure(binary: binary, idleSeconds: quick ? 1 : 10, tokens: quick ? 400 : 2000, perSecond: 200))
            }
            func median(_ value: (ProcessBenchmarks.Figures) -> Double) -> Double { Benchmarks.percentile(runs.map(value), 0.5) }
            let idleCPU = median(\.idleCPUPercent)
            let idleRSS = median(\.idleResidentMegabytes)
            let streamingCPU = median(\.streamingCPUPercent)
            let rate = Int(median(\.tokensPerSecond).rounded())
            let of = "median of \(processRuns) runs"
            figures.append(Figure(name: "natter idle CPU over \(quick ? 1 : 10) s, \(of)", value: idleCPU, unit: "%", target: "<= 0.5 %", pass: idleCPU <= 0.5))
            figures.append(Figure(name: "natter idle RSS, \(of)", value: idleRSS, unit: "MB", target: "<= 40 MB", pass: idleRSS <= 40))
            figures.append(Figure(name: "natter CPU streaming at \(rate) tokens/s (one core), \(of)", value: streamingCPU, unit: "%", target: "<= 1 %", pass: streamingCPU <= 1))
            // Local servers' addresses half refused, half held by a server that says nothing: the probe at start.
            let hanging = try await LoopbackServer.start { _, _ in ScriptedResponse(steps: [.stall]) }
            let closed = try ClosedPort()
            let first = try FirstFrameBenchmarks.measure(
                binary: binary, runs: quick ? 3 : 11, localAddresses: LocalServerBenchmarks.refusingAndHanging(closed: closed.url, hanging: hanging.url))
            await hanging.stop()
            let frameRuns = "median of \(quick ? 3 : 11)"
            figures.append(Figure(name: "first frame in a fresh tmux, \(frameRuns)", value: first.natterMilliseconds, unit: "ms", target: "<= 2x printf", pass: first.ratio <= 2))
            figures.append(Figure(name: "printf of one line in a fresh tmux, \(frameRuns)", value: first.printfMilliseconds, unit: "ms", target: "the floor", pass: true))
            figures.append(Figure(name: "first frame / printf", value: first.ratio, unit: "x", target: "<= 2x", pass: first.ratio <= 2))
            let withLocal = first.withLocalAddressesMilliseconds ?? .infinity
            let localAdded = withLocal - first.natterMilliseconds
            figures.append(Figure(name: "first frame with the 6 local servers' addresses refusing or hanging, \(frameRuns), interleaved", value: withLocal, unit: "ms", target: "<= without + 2 ms", pass: localAdded <= 2))
            figures.append(Figure(name: "what local addresses refusing or hanging add to the first frame", value: localAdded, unit: "ms", target: "<= 2 ms", pass: localAdded <= 2))
            let pickerDelay: Double
            do {
                pickerDelay = try await LocalServerBenchmarks.pickerAfterAnswer(binary: binary, runs: quick ? 3 : 5)
            } catch {
                FileHandle.standardError.write(Data("local server in the picker: \(error)\n".utf8))
                pickerDelay = .infinity
            }
            figures.append(Figure(name: "a local server's models in the open picker after its answer, median of \(quick ? 3 : 5)", value: pickerDelay, unit: "ms", target: "<= 100 ms", pass: pickerDelay <= 100))
            if FileManager.default.isExecutableFile(atPath: MCPTestServers.python) {
                let withServers = try FirstFrameBenchmarks.measure(binary: binary, runs: quick ? 3 : 11, mcpServers: 5)
                let added = withServers.natterMilliseconds - first.natterMilliseconds
                figures.append(Figure(name: "first frame with 5 MCP servers configured, \(frameRuns)", value: withServers.natterMilliseconds, unit: "ms", target: "<= without + 5 ms", pass: added <= 5))
                figures.append(Figure(name: "what 5 MCP servers add to the first frame", value: added, unit: "ms", target: "<= 5 ms", pass: added <= 5))
                let idleWithServers = try FirstFrameBenchmarks.idleCPU(binary: binary, mcpServers: 5, seconds: quick ? 2 : 10)
                figures.append(Figure(name: "natter idle CPU with 5 MCP servers connected, over \(quick ? 2 : 10) s", value: idleWithServers, unit: "%", target: "<= 0.5 %", pass: idleWithServers <= 0.5))
            }
            let paragraphCPU = median(\.paragraphCPUPercent)
            figures.append(Figure(name: "natter CPU streaming one \(quick ? 400 : 2000)-token paragraph at 200 tokens/s, \(of)", value: paragraphCPU, unit: "%", target: "<= 5 %", pass: paragraphCPU <= 5))
            let codeCPU = median(\.codeCPUPercent)
            figures.append(Figure(name: "natter CPU streaming a \(quick ? 400 : 2000)-token Swift code block, coloured, at 200 tokens/s, \(of)", value: codeCPU, unit: "%", target: "<= 5 %", pass: codeCPU <= 5))
            let awkwardCPU = median(\.awkwardCPUPercent)
            figures.append(Figure(name: "natter CPU streaming \(quick ? 400 : 2000) tokens at 200 tokens/s, each write cut a third into the next event, \(of)", value: awkwardCPU, unit: "%", target: "<= 1 %", pass: awkwardCPU <= 1))
        } else {
            FileHandle.standardError.write(Data("skipped the idle and 200 tokens/s figures: they need tmux and natter built beside natter-bench (swift build -c release)\n".utf8))
        }
    } catch {
        broken.append("process: \(error)")
    }
}

for figure in figures {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A figure that could not be had (a token never shown) is infinite: say so rather than fail to encode.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        print(String(decoding: try encoder.encode(figure), as: UTF8.self))
    } else {
        let value = String(format: figure.value >= 100 ? "%.0f" : "%.3f", figure.value)
        print("\(figure.pass ? "PASS" : "FAIL")  \(figure.name): \(value) \(figure.unit) (target \(figure.target))")
    }
}
if !json { print("runs: \(runs) per render figure\(quick ? " (quick mode: not a measurement)" : "")") }
for group in broken {
    FileHandle.standardError.write(Data("natter-bench: could not measure \(group)\n".utf8))
}
if !broken.isEmpty { exit(1) }
