import Foundation

// natter-bench: prints one line per figure with its target and PASS/FAIL (`--json` for one JSON object per
// line; `--quick` for few runs, to prove the benchmark works, not to measure). Build it in release mode:
//   swift run -c release natter-bench
let arguments = CommandLine.arguments.dropFirst()
let json = arguments.contains("--json")
let quick = arguments.contains("--quick")
let runs = quick ? 5 : 200

var figures: [Figure] = []

let small = Benchmarks.frameRender(messages: 10, runs: runs)
let large = Benchmarks.frameRender(messages: 10_000, runs: runs)
let smallP99 = Benchmarks.percentile(small, 0.99)
let largeP99 = Benchmarks.percentile(large, 0.99)
figures.append(Figure(name: "frame render 200x60, 10 messages, p99", value: smallP99, unit: "ms", target: "<= 2 ms", pass: smallP99 <= 2))
figures.append(Figure(name: "frame render 200x60, 10,000 messages, p99", value: largeP99, unit: "ms", target: "<= 2 ms", pass: largeP99 <= 2))
let ratio = Benchmarks.percentile(large, 0.5) / max(0.0001, Benchmarks.percentile(small, 0.5))
figures.append(Figure(name: "render median ratio 10,000 / 10 messages", value: ratio, unit: "x", target: "<= 1.5x", pass: ratio <= 1.5))

let startup = Benchmarks.percentile(Benchmarks.startupToFirstFrame(runs: quick ? 3 : 20), 0.5)
figures.append(Figure(name: "start-up work to first frame 120x40 (in process), median", value: startup, unit: "ms", target: "<= 60 ms", pass: startup <= 60))

let stream = Benchmarks.openAIStream(events: quick ? 2000 : 200_000)
let framing = Benchmarks.percentile(Benchmarks.sseFraming(bytes: stream, runs: quick ? 2 : 7), 0.5)
let megabytesPerSecond = Double(stream.count) / 1_000_000 / (framing / 1000)
figures.append(Figure(name: "SSE framing throughput, median", value: megabytesPerSecond, unit: "MB/s", target: ">= 500 MB/s", pass: megabytesPerSecond >= 500))

let cpu = try await Benchmarks.streamingCPU(tokens: 2000)
figures.append(Figure(name: "CPU to stream 2,000 tokens at full speed (session + update + render)", value: cpu, unit: "s", target: "<= 0.5 s", pass: cpu <= 0.5))

for figure in figures {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(figure), as: UTF8.self))
    } else {
        let value = String(format: figure.value >= 100 ? "%.0f" : "%.3f", figure.value)
        print("\(figure.pass ? "PASS" : "FAIL")  \(figure.name): \(value) \(figure.unit) (target \(figure.target))")
    }
}
if !json { print("runs: \(runs) per render figure\(quick ? " (quick mode: not a measurement)" : "")") }
