import Foundation
import NatterProviders
import NatterSession
import NatterTestSupport
import NatterUI
import Synchronization

/// How fast a streamed reply goes from the wire to the screen.
enum StreamingBenchmarks {
    /// Chunks per second through the whole decoding path a reply takes: SSE framing, JSON decoding and
    /// interpretation into text chunks, fed in 16 KiB reads. The median of `runs` runs.
    static func chunkDecoding(stream: [UInt8], engine: Engine = .openai, runs: Int) -> Double {
        var decoded = 0
        let times = Benchmarks.timings(runs: runs) {
            var assembler = StreamAssembler(engine: engine)
            var chunks = 0
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + 16384)
                try! assembler.push(stream[offset..<end]) { _ in chunks += 1 }
                offset = end
            }
            try! assembler.finish { _ in chunks += 1 }
            decoded = chunks
        }
        return Double(decoded) / (Benchmarks.percentile(times, 0.5) / 1000)
    }

    /// Milliseconds from the moment the loopback server writes each token to the moment natter's UI loop
    /// draws the frame that first shows it, for `tokens` tokens paced at `perSecond`. The real `ChatRunner`
    /// runs (session actor, HTTP client, inbox, coalesced rendering) against a terminal that records frames
    /// instead of writing escape sequences.
    static func tokenToScreen(tokens: Int, perSecond: Int) async throws -> [Double] {
        let sent = Mutex([ContinuousClock.Instant?](repeating: nil, count: tokens))
        let response = pacedReply(tokens: tokens, perSecond: perSecond) { index in sent.withLock { $0[index] = .now } }
        let server = try await LoopbackServer.start { _, _ in response }
        defer { Task { await server.stop() } }

        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(name: "bench", engine: .openai, host: server.url, models: [ModelInfo(name: "m")]), origin: .builtin)
        let session = ChatSession(registry: registry, provider: "bench", model: "m", transcriptPath: nil)
        let directory = NSTemporaryDirectory() + "natter-bench-latency-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let terminal = RecordingTerminal(lastToken: tokens - 1)

        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread { [registry] in
                let runner = ChatRunner(
                    app: App(state: AppState(providerName: "bench", model: "m")), terminal: terminal, session: session,
                    registry: registry,
                    makeSession: { provider, model, registry in
                        ChatSession(registry: registry, provider: provider, model: model, transcriptPath: nil)
                    },
                    onSwitch: { _ in nil }, sessionsDirectory: directory)
                _ = runner.run()
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        let shown = terminal.shownTimes
        let sentTimes = sent.withLock { $0 }
        return (0..<tokens).compactMap { index in
            guard let start = sentTimes[index], let end = shown[index] else { return nil }
            return max(0, (end - start).inSeconds * 1000)
        }
    }
}

extension StreamingBenchmarks {
    /// An OpenAI stream of numbered tokens (`k0 k1 …`, or with another `prefix`) paced at `perSecond`, shaped
    /// like a real answer: a paragraph break every `paragraph` tokens (nil: one paragraph, the worst case for
    /// styling as it grows). `willSend` runs just before each token is written.
    /// - Parameter awkward: each write ends a third of the way into the next token's event (mid-JSON, as proxies
    ///   and slow links cut streams), rather than on an event's end.
    static func pacedReply(
        tokens: Int, perSecond: Int, prefix: String = "k", paragraph: Int? = 50, text: ((Int) -> String)? = nil, awkward: Bool = false,
        willSend: @escaping @Sendable (Int) -> Void
    ) -> ScriptedResponse {
        var events: [[UInt8]] = []
        for index in 0..<tokens {
            let endsParagraph = paragraph.map { index % $0 == $0 - 1 } ?? false
            let token = text?(index) ?? (endsParagraph ? "\(prefix)\(index)\n\n" : "\(prefix)\(index) ")
            let quoted = String(decoding: (try? JSONEncoder().encode(token)) ?? Data("\"\"".utf8), as: UTF8.self)
            events.append(Array("data: {\"choices\":[{\"delta\":{\"content\":\(quoted)}}]}\n\n".utf8))
        }
        let end = Array("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".utf8)
        var steps: [ScriptedResponse.Step] = []
        for index in 0..<tokens {
            if index > 0 { steps.append(.pause(.nanoseconds(1_000_000_000 / perSecond))) }
            steps.append(.call { willSend(index) })
            guard awkward else {
                steps.append(.bytes(events[index]))
                continue
            }
            // The rest of this event, and the first third of the next: a token is whole only with the next write.
            let head = index == 0 ? [] : events[index]
            let rest = index == 0 ? events[0] : Array(head.dropFirst(head.count / 3))
            let next = index + 1 < tokens ? events[index + 1] : end
            steps.append(.bytes(rest + next.prefix(next.count / 3)))
        }
        steps.append(.bytes(awkward ? Array(end.dropFirst(end.count / 3)) : end))
        return ScriptedResponse(headers: [("Content-Type", "text/event-stream")], steps: steps)
    }
}

extension StreamingBenchmarks {
    /// A reply that is one Swift code block, a line every five tokens (`let c5 = "s6" + 0x7 // c9`), for
    /// the cost of colouring code as it streams; its last token is `// cN`.
    static func codeToken(_ index: Int, of tokens: Int) -> String {
        if index == 0 { return "```swift\n" }
        if index == tokens - 1 { return "// c\(index)\n" }
        switch index % 5 {
        case 0: return "let "
        case 1: return "c\(index) = "
        case 2: return "\"s\(index)\" "
        case 3: return "+ 0x\(index) "
        default: return "// c\(index)\n"
        }
    }
}

/// A terminal that draws nothing: it types one question, notes when each numbered token (`k17`, or of
/// each prefix given: `a17`, `b17` for compare's panes) first appears in a frame, and presses Ctrl+C
/// (cancel, then quit) once the last token of every prefix has been shown.
final class RecordingTerminal: Terminal, @unchecked Sendable {
    private let lastToken: Int
    private let prefixes: [Character]
    private var highestShown: [Character: Int] = [:]
    private var asked = false
    /// When each token of each prefix was first drawn.
    private(set) var shown: [Character: [Int: ContinuousClock.Instant]] = [:]
    var shownTimes: [Int: ContinuousClock.Instant] { shown[prefixes[0]] ?? [:] }
    private let wake: (read: Int32, write: Int32)
    let width: Int
    let height: Int

    init(lastToken: Int, prefixes: [Character] = ["k"], width: Int = 120, height: Int = 40) {
        self.lastToken = lastToken
        self.prefixes = prefixes
        self.width = width
        self.height = height
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        wake = (descriptors[0], descriptors[1])
        _ = fcntl(wake.read, F_SETFL, fcntl(wake.read, F_GETFL) | O_NONBLOCK)
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)  // the question is typed at once
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    var size: (width: Int, height: Int) { (width, height) }
    var inputDescriptor: Int32 { wake.read }

    private var allShown: Bool { prefixes.allSatisfy { (highestShown[$0] ?? -1) >= lastToken } }

    func draw(_ frame: Frame) {
        let now = ContinuousClock.now
        for prefix in prefixes {
            let highest = Self.highestToken(in: frame, prefix: prefix)
            let before = highestShown[prefix] ?? -1
            guard highest > before else { continue }
            for index in (before + 1)...highest { shown[prefix, default: [:]][index] = now }
            highestShown[prefix] = highest
        }
        if allShown {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        }
    }

    func readInput() -> [TerminalInput] {
        var buffer = [UInt8](repeating: 0, count: 64)
        guard read(wake.read, &buffer, buffer.count) > 0 else { return [] }
        if !asked {
            asked = true
            return [.text("go"), .key(.enter)]
        }
        return allShown ? [.key(.control("c"))] : []
    }

    /// The highest `kN` word on screen. Words wrap whole, so a token is never split across rows.
    private static func highestToken(in frame: Frame, prefix: Character) -> Int {
        var highest = -1
        for row in frame.lines {
            for word in row.split(whereSeparator: { $0 == " " || $0 == "│" }) where word.first == prefix {
                if let number = Int(word.dropFirst()), number > highest { highest = number }
            }
        }
        return highest
    }

    func resize() {}
    func suspend() {}
    func resume() {}
    func setMouseCapture(_ captured: Bool) {}
    func setTheme(_ theme: Theme) {}
    func writeControlSequence(_ sequence: String) {}
    func askForFocusReports() {}
    func restore() {}
}
