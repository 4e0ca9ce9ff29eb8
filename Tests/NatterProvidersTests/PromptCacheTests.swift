import Foundation
import NatterProviders
import NatterTestSupport
import Testing

/// Prompt caching and honest token accounting (issue 35, SPEC 11): Anthropic's breakpoints in the request, none
/// when a file turns them off or a server refused them; every engine's cache counts read; prices applied.
@Suite(.serialized) struct PromptCacheTests {
    static let tool = ToolDefinition(name: "kit__echo", description: "echo", inputSchema: .object(["type": .string("object")]))

    static func body(_ request: RecordedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    /// The cache_control objects of a request body, wherever they stand: system, tools, messages' blocks.
    static func breakpoints(_ body: [String: Any]) -> (system: Int, tools: Int, messages: [Int]) {
        func marked(_ value: Any?) -> Int { (value as? [[String: Any]] ?? []).filter { $0["cache_control"] != nil }.count }
        let messages = (body["messages"] as? [[String: Any]] ?? []).enumerated().compactMap { index, message in
            marked(message["content"]) > 0 ? index : nil
        }
        return (marked(body["system"]), marked(body["tools"]), messages)
    }

    static func ask(_ provider: DeclarativeProvider) async throws {
        let request = ChatRequest(
            messages: [.user("one"), .assistant("two"), .user("three"), .assistant("four"), .user("five")],
            config: ModelConfig(model: "m-1", systemPrompt: "be brief"), tools: [Self.tool])
        for try await _ in provider.stream(request) {}
    }

    @Test func anthropicMarksTheSystemPromptTheToolsAndTheLastTwoTurns() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.anthropic(["ok"])) }
        defer { Task { await server.stop() } }
        var definition = StreamFixtures.definition(.anthropic, server: server)
        definition.name = "cache-on"
        try await Self.ask(DeclarativeProvider(definition: definition))
        let marks = Self.breakpoints(try Self.body(server.requests[0]))
        #expect(marks.system == 1 && marks.tools == 1 && marks.messages == [2, 4], "\(marks)")

        definition.name = "cache-hour"
        definition.promptCache = .oneHour
        try await Self.ask(DeclarativeProvider(definition: definition))
        let hour = try Self.body(server.requests[1])
        let system = try #require(hour["system"] as? [[String: Any]])
        #expect((system.first?["cache_control"] as? [String: String]) == ["type": "ephemeral", "ttl": "1h"])

        definition.name = "cache-off"
        definition.promptCache = .off
        try await Self.ask(DeclarativeProvider(definition: definition))
        let off = try Self.body(server.requests[2])
        #expect(off["system"] as? String == "be brief")
        #expect(Self.breakpoints(off) == (0, 0, []) as (Int, Int, [Int]))
        #expect(!server.requests[2].bodyText.contains("cache_control"))
    }

    @Test func aFileTurnsItOffAndAskingForAnHourIsRead() throws {
        let off = try ProviderFileParser(path: "x.json").parse(Data(#"{"name":"x","engine":"anthropic","host":"h","models":[],"prompt_cache":false}"#.utf8))
        #expect(off.promptCache == .off)
        let hour = try ProviderFileParser(path: "x.json").parse(Data(#"{"name":"x","engine":"anthropic","host":"h","models":[],"prompt_cache":"1h"}"#.utf8))
        #expect(hour.promptCache == .oneHour)
        #expect(throws: ProviderFileError.self) {
            try ProviderFileParser(path: "x.json").parse(Data(#"{"name":"x","engine":"anthropic","host":"h","models":[],"prompt_cache":"forever"}"#.utf8))
        }
    }

    /// A server that refuses cache_control (a 400 naming it): the request goes again without, it is said once,
    /// and later requests to that provider carry none.
    @Test func aRefusalIsRememberedAndSaidOnce() async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.bodyText.contains("cache_control")
                ? .json(#"{"type":"error","error":{"type":"invalid_request_error","message":"cache_control: Extra inputs are not permitted"}}"#, status: 400)
                : .stream(StreamFixtures.anthropic(["ok"]))
        }
        defer { Task { await server.stop() } }
        var definition = StreamFixtures.definition(.anthropic, server: server, retries: 0)
        definition.name = "refusing-\(UUID().uuidString.prefix(6))"
        var notices: [String] = []
        for try await chunk in DeclarativeProvider(definition: definition).stream([.user("q")], config: ModelConfig(model: "m-1", systemPrompt: "s")) {
            if case .retrying(let notice) = chunk { notices.append(notice.reason) }
        }
        #expect(notices.count == 1 && notices[0].contains("refused prompt caching"), "\(notices)")
        #expect(server.requests.count == 2 && !server.requests[1].bodyText.contains("cache_control"))
        for try await _ in DeclarativeProvider(definition: definition).stream([.user("again")], config: ModelConfig(model: "m-1")) {}
        #expect(server.requests.count == 3 && !server.requests[2].bodyText.contains("cache_control"), "none after the refusal")
    }

    /// Each engine's usage with cache counts, in the shapes the APIs document, read into one form: the input
    /// holds the cached tokens, the cache counts say which.
    @Test func everyEnginesCacheCountsAreRead() async throws {
        let cases: [(Engine, [String], Usage)] = [
            (.anthropic, [
                #"event: message_start\#ndata: {"type":"message_start","message":{"usage":{"input_tokens":20,"cache_read_input_tokens":1800,"cache_creation_input_tokens":180,"output_tokens":1}}}"# + "\n\n",
                #"event: content_block_delta\#ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}"# + "\n\n",
                #"event: message_delta\#ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}"# + "\n\n",
                #"event: message_stop\#ndata: {"type":"message_stop"}"# + "\n\n",
            ], Usage(inputTokens: 2000, outputTokens: 12, cacheReadTokens: 1800, cacheWriteTokens: 180)),
            (.openai, [
                #"data: {"choices":[{"delta":{"content":"ok"}}]}"# + "\n\n",
                #"data: {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":2006,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1920}}}"# + "\n\n",
                "data: [DONE]\n\n",
            ], Usage(inputTokens: 2006, outputTokens: 300, cacheReadTokens: 1920)),
            (.openai, [  // DeepSeek
                #"data: {"choices":[{"delta":{"content":"ok"}}]}"# + "\n\n",
                #"data: {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":10,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}"# + "\n\n",
                "data: [DONE]\n\n",
            ], Usage(inputTokens: 100, outputTokens: 10, cacheReadTokens: 64)),
            (.openai, [  // Gemini's OpenAI-compatible endpoint
                #"data: {"choices":[{"delta":{"content":"ok"}}]}"# + "\n\n",
                #"data: {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":500,"completion_tokens":5,"cached_content_token_count":400}}"# + "\n\n",
                "data: [DONE]\n\n",
            ], Usage(inputTokens: 500, outputTokens: 5, cacheReadTokens: 400)),
        ]
        for (engine, stream, expected) in cases {
            let server = try await LoopbackServer.start { _, _ in .stream(stream) }
            defer { Task { await server.stop() } }
            var usage = Usage()
            for try await chunk in DeclarativeProvider(definition: StreamFixtures.definition(engine, server: server)).stream([.user("q")], config: ModelConfig(model: "m-1")) {
                if case .usage(let reported) = chunk { usage = usage.updated(with: reported) }
            }
            #expect(usage == expected, "\(engine): \(usage)")
        }
    }

    /// A table of usage × price → dollars, exact; no cache price known prices cached tokens as input, and says
    /// the amount is an estimate.
    @Test func cachedTokensArePricedAtTheirOwnRates() throws {
        let sonnet = try #require(ModelCost(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75))
        let plain = try #require(ModelCost(input: 3, output: 15))
        let table: [(ModelCost, Usage, Double, Bool)] = [
            (sonnet, Usage(inputTokens: 1_000_000, outputTokens: 0), 3, false),
            (sonnet, Usage(inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 1_000_000), 0.3, false),
            (sonnet, Usage(inputTokens: 1_000_000, outputTokens: 0, cacheWriteTokens: 1_000_000), 3.75, false),
            // 20 plain at $3, 1,800 read at $0.30, 180 written at $3.75, 12 out at $15: $0.001455.
            (sonnet, Usage(inputTokens: 2_000, outputTokens: 12, cacheReadTokens: 1_800, cacheWriteTokens: 180), 0.001455, false),
            (plain, Usage(inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 500_000), 18, true),
            // Writes that live an hour cost twice the input price, whatever the file says of five minutes.
            (sonnet.withOneHourCacheWrites, Usage(inputTokens: 1_000_000, outputTokens: 0, cacheWriteTokens: 1_000_000), 6, false),
        ]
        for (cost, usage, dollars, estimate) in table {
            let price = try #require(cost.price(usage))
            #expect(abs(price.dollars - dollars) < 1e-12, "\(usage): \(price.dollars) against \(dollars)")
            #expect(price.isEstimate == estimate)
        }
        // The built-in OpenAI and Gemini models price cached reads themselves: 200,000 plain and 800,000 read.
        let builtins = ProviderCatalog.builtins()
        for (provider, model, dollars) in [("openai", "gpt-5.4", 0.2 * 2.5 + 0.8 * 0.25), ("gemini", "gemini-2.5-pro", 0.2 * 1.25 + 0.8 * 0.125)] {
            let cost = try #require(builtins.entry(named: provider)?.metadata.models.first { $0.name == model }?.cost, "\(provider) \(model)")
            let price = try #require(cost.price(Usage(inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 800_000)))
            #expect(abs(price.dollars - dollars) < 1e-12 && !price.isEstimate, "\(model): \(price)")
        }
        #expect(Usage(inputTokens: 2000, cacheReadTokens: 1640).cachePercent == 82)
        #expect(UsageText.tag(Usage(inputTokens: 2000, cacheReadTokens: 1640, cost: 0.0012)) == "$0.0012 · cache 82 %")
        #expect(UsageText.tag(Usage(inputTokens: 2000, cacheReadTokens: 1640, cost: 0.0012, costIsEstimate: true)) == "~$0.0012 · cache 82 %")
    }
}
