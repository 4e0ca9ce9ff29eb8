import Foundation
import NatterProviders
import NatterSession
import NatterTestSupport
import NatterUI

/// One measured figure with its target.
struct Figure: Encodable {
    var name: String
    var value: Double
    var unit: String
    var target: String
    var pass: Bool
}

/// The measurements. Each returns figures from the median (and p99 where latency matters) of several runs.
enum Benchmarks {
    /// Wall time of `body`, in milliseconds, for each of `runs` runs.
    static func timings(runs: Int, _ body: () -> Void) -> [Double] {
        (0..<runs).map { _ in
            let start = ContinuousClock.now
            body()
            return (ContinuousClock.now - start).inSeconds * 1000
        }
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }

    /// A conversation of `count` messages with markdown in every reply.
    static func conversation(_ count: Int) -> App {
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 200, height: 60))
        let origin = Origin(provider: "bench", model: "m")
        var leaf: String?
        for index in 0..<count {
            if index % 2 == 0 {
                let question = Message.user("Question \(index): how does this work?", parent: leaf)
                _ = app.update(.session(.messageAdded(question)))
                leaf = question.id
            } else {
                let id = MessageID.make()
                let text = "Answer \(index) with **bold**, `code` and a list:\n- one\n- two\n```swift\nlet x = \(index)\n```\n"
                _ = app.update(.session(.replyStarted(id: id, parent: leaf ?? "", origin: origin)))
                _ = app.update(.session(.text(id: id, text)))
                _ = app.update(.session(.replyEnded(Message(id: id, parent: leaf, role: .assistant, parts: [.text(text)], origin: origin, finish: .stop))))
                leaf = id
            }
        }
        _ = app.update(.session(.replyStarted(id: streamingID, parent: leaf ?? "", origin: origin)))
        return app
    }

    /// The reply that streams in `conversation`'s app.
    static let streamingID = "streaming"

    /// One frame at 200×60 while a reply streams: a token arrives, the frame is rendered.
    static func frameRender(messages: Int, runs: Int) -> [Double] {
        var app = conversation(messages)
        _ = Screen.render(app, width: 200, height: 60)  // the first frame lays out what is visible
        return timings(runs: runs) {
            _ = app.update(.session(.text(id: streamingID, "token ")))
            _ = Screen.render(app, width: 200, height: 60)
        }
    }

    /// Each frame at 120×40 while a reply streams as at 200 tokens/s: three tokens (`k0 k1 …`, a paragraph every 50)
    /// come, the frame is rendered, over a reply of `tokens` below a conversation of 20 messages. What the screen
    /// costs a reply streaming at a reading pace, frame by frame.
    static func pacedFrames(tokens: Int) -> [Double] {
        var app = conversation(20)
        _ = app.update(.resized(width: 120, height: 40))
        _ = Screen.render(app, width: 120, height: 40)
        var timings: [Double] = []
        var index = 0
        while index < tokens {
            let start = ContinuousClock.now
            for token in index..<min(tokens, index + 3) {
                _ = app.update(.session(.text(id: streamingID, token % 50 == 49 ? "k\(token)\n\n" : "k\(token) ")))
            }
            _ = Screen.render(app, width: 120, height: 40)
            timings.append((ContinuousClock.now - start).inSeconds * 1000)
            index += 3
        }
        return timings
    }

    /// Start-up work before the first frame, in process: the registry (30 built-in files plus user files),
    /// settings, and the first full frame at 120×40.
    static func startupToFirstFrame(runs: Int) -> [Double] {
        timings(runs: runs) {
            let paths = NatterPaths()
            let registry = ProviderCatalog.load(paths: paths)
            _ = Settings.load(from: paths.settingsFile)
            var app = App(state: AppState(providerName: registry.entries.first?.name ?? "x", model: "m"))
            _ = app.update(.resized(width: 120, height: 40))
            _ = Screen.render(app, width: 120, height: 40)
        }
    }

    static func openAIStream(events: Int) -> [UInt8] {
        var text = ""
        for index in 0..<events {
            text += "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\(index) \"},\"finish_reason\":null}]}\n\n"
        }
        return Array((text + "data: [DONE]\n\n").utf8)
    }

    /// An Anthropic stream of `events` text deltas, as a reply with a message, one text block and its stop.
    static func anthropicStream(events: Int) -> [UInt8] {
        var text = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n"
        text += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        for index in 0..<events {
            text += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok\(index) \"}}\n\n"
        }
        text += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        text += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        return Array(text.utf8)
    }

    /// An Ollama NDJSON stream of `events` text lines and its closing line with the counts.
    static func ollamaStream(events: Int) -> [UInt8] {
        var text = ""
        for index in 0..<events {
            text += "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"tok\(index) \"},\"done\":false}\n"
        }
        text += "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":\(events)}\n"
        return Array(text.utf8)
    }

    /// Bytes per second through the SSE framing alone, fed in 16 KiB reads.
    static func sseFraming(bytes: [UInt8], runs: Int) -> [Double] {
        timings(runs: runs) {
            var decoder = SSEDecoder()
            var frames = 0
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 16384)
                frames += decoder.push(bytes[offset..<end]).count
                offset = end
            }
            frames += decoder.finish().count
            precondition(frames > 0)
        }
    }

    /// CPU seconds natter spends streaming `tokens` tokens from a loopback server at full speed through the
    /// session actor, the app's update and a render per 16 ms frame (the terminal write excluded).
    static func streamingCPU(tokens: Int) async throws -> Double {
        let chunks = (0..<tokens).map { "data: {\"choices\":[{\"delta\":{\"content\":\"tok\($0) \"}}]}\n\n" }
            + ["data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"]
        let server = try await LoopbackServer.start { _, _ in .stream(chunks) }
        defer { Task { await server.stop() } }
        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(name: "bench", engine: .openai, host: server.url, models: [ModelInfo(name: "m")]), origin: .builtin)
        let session = ChatSession(registry: registry, provider: "bench", model: "m", transcriptPath: nil)
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 120, height: 40))
        let before = cpuSeconds()
        let events = session.eventStream()
        await session.send("go")
        var lastRender = ContinuousClock.now - .seconds(1)
        for await event in events {
            _ = app.update(.session(event))
            if ContinuousClock.now - lastRender >= .milliseconds(16) {
                _ = Screen.render(app, width: 120, height: 40)
                lastRender = ContinuousClock.now
            }
            if case .replyEnded = event { break }
        }
        _ = Screen.render(app, width: 120, height: 40)
        let spent = cpuSeconds() - before
        precondition(app.state.pane.entries.last?.text.hasSuffix("tok\(tokens - 1) ") == true, "the whole reply reached the screen")
        return spent
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
