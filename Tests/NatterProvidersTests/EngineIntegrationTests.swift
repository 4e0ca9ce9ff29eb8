import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// Each engine against a real HTTP server on 127.0.0.1.
@Suite struct EngineIntegrationTests {
    static let longAnswer = (0..<400).map { index in index % 17 == 0 ? "日本 " : index % 13 == 0 ? "🙂 " : "word\(index) " }

    @Test(arguments: Engine.allCases)
    func streamsALongAnswerAndSendsTheRightRequest(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream(StreamFixtures.stream(engine, Self.longAnswer), contentType: StreamFixtures.contentType(engine))
        }
        defer { Task { await server.stop() } }
        let auth: ProviderDefinition.Auth =
            engine == .anthropic ? .header(name: "x-api-key", value: "${TEST_KEY}") : .header(name: "Authorization", value: "Bearer ${TEST_KEY}")
        let provider = DeclarativeProvider(
            definition: StreamFixtures.definition(engine, server: server, auth: auth),
            context: ProviderContext(environment: { ["TEST_KEY": "sk-test-123"] }))
        let history: [Message] = [.user("first"), .assistant("reply"), .user("second ü")]

        let outcome = await StreamFixtures.run(provider, history)

        #expect(outcome.error == nil)
        #expect(outcome.text == Self.longAnswer.joined())
        #expect(outcome.chunks.last == .finished("stop"))
        let request = try #require(server.requests.first)
        let body = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(body?["model"] as? String == "m-1")
        #expect(body?["stream"] as? Bool == true)
        // Anthropic's person's turns carry cache breakpoints, so their content is a list of blocks.
        let messages = body?["messages"] as? [[String: Any]]
        #expect(messages?.map { $0["role"] as? String ?? "" } == ["user", "assistant", "user"])
        #expect(messages?.map { Self.text(of: $0["content"]) } == ["first", "reply", "second ü"])
        switch engine {
        case .openai:
            #expect(request.path == "/v1/chat/completions")
            #expect(request.header("Authorization") == "Bearer sk-test-123")
            #expect((body?["stream_options"] as? [String: Bool])?["include_usage"] == true)
        case .anthropic:
            #expect(request.path == "/v1/messages")
            #expect(request.header("x-api-key") == "sk-test-123")
            #expect(request.header("anthropic-version") == "2023-06-01")
            #expect(body?["max_tokens"] as? Int == 8192)
        case .ollama:
            #expect(request.path == "/api/chat")
        }
    }

    @Test func queryAuthExtraHeadersAndSystemPrompt() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.openAI(["ok"])) }
        defer { Task { await server.stop() } }
        var definition = StreamFixtures.definition(.openai, server: server, auth: .query(name: "key", value: "${K}"))
        definition.headers = [("X-Org", "${ORG:-acme}")]
        definition.query = [("api-version", "2024-10-21")]
        definition.supportsStreamOptions = false
        let provider = DeclarativeProvider(definition: definition, context: ProviderContext(environment: { ["K": "s3cr&t"] }))

        var received = ""
        for try await chunk in provider.stream([.user("q")], config: ModelConfig(model: "m-1", systemPrompt: "be brief")) {
            if case .text(let text) = chunk { received += text }
        }

        #expect(received == "ok")
        let request = try #require(server.requests.first)
        #expect(request.query == "key=s3cr%26t&api-version=2024-10-21")
        #expect(request.header("X-Org") == "acme")
        #expect(request.header("Authorization") == nil)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["stream_options"] == nil)
        #expect((body["messages"] as? [[String: String]])?.first == ["role": "system", "content": "be brief"])
    }

    @Test func anthropicSendsTheSystemPromptAsAField() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.anthropic(["ok"])) }
        defer { Task { await server.stop() } }
        let provider = DeclarativeProvider(definition: StreamFixtures.definition(.anthropic, server: server))
        for try await _ in provider.stream([.user("q")], config: ModelConfig(model: "m-1", systemPrompt: "be brief")) {}
        let body = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[0].body)) as? [String: Any])
        let system = try #require(body["system"] as? [[String: Any]], "a text block with a cache breakpoint")
        #expect(system.first?["text"] as? String == "be brief")
        #expect((system.first?["cache_control"] as? [String: String]) == ["type": "ephemeral"])
        #expect((body["messages"] as? [[String: Any]])?.count == 1)
    }

    /// A message's content as text: a string, or the text of its blocks.
    static func text(of content: Any?) -> String {
        if let text = content as? String { return text }
        return (content as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }.joined()
    }

    @Test(arguments: Engine.allCases)
    func completeWithoutStreaming(engine: Engine) async throws {
        let replies: [Engine: String] = [
            .openai: #"{"choices":[{"message":{"role":"assistant","content":"whole answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":2}}"#,
            .anthropic: #"{"content":[{"type":"text","text":"whole answer"}],"stop_reason":"end_turn","usage":{"input_tokens":4,"output_tokens":2}}"#,
            .ollama: #"{"message":{"role":"assistant","content":"whole answer"},"done":true,"done_reason":"stop","prompt_eval_count":4,"eval_count":2}"#,
        ]
        let server = try await LoopbackServer.start { _, _ in .json(replies[engine]!) }
        defer { Task { await server.stop() } }
        var definition = StreamFixtures.definition(engine, server: server)
        definition.supportsStreaming = false
        let provider = DeclarativeProvider(definition: definition)

        let completion = try await Completion.collecting(provider.stream([.user("q")], config: ModelConfig(model: "m-1")))

        #expect(completion == Completion(text: "whole answer", usage: Usage(inputTokens: 4, outputTokens: 2), finishReason: .stop))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[0].body)) as? [String: Any])
        #expect(body["stream"] as? Bool == false)
        // A provider that does not stream asks for the whole reply as JSON.
        #expect(server.requests[0].header("Accept") == "application/json")
    }

    @Test func goosesSupportsStreamingFalseSendsOneRequestAndYieldsTheWholeReply() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"choices":[{"message":{"content":"all at once"},"finish_reason":"stop"}]}"#)
        }
        defer { Task { await server.stop() } }
        var definition = StreamFixtures.definition(.openai, server: server)
        definition.supportsStreaming = false
        let outcome = await StreamFixtures.run(DeclarativeProvider(definition: definition))
        #expect(outcome.error == nil)
        #expect(outcome.text == "all at once")
        #expect(outcome.chunks.last == .finished("stop"))
    }

    @Test func aSwiftProviderRegistersAndStreamsThroughTheRegistry() async throws {
        var registry = ProviderCatalog.builtins()
        registry.register(
            ProviderMetadata(name: "echo", engine: "swift", host: "in-process", models: [ModelInfo(name: "echo-1")]),
            requiredVariables: ["ECHO_TOKEN"]
        ) { _ in EchoProvider() }

        let context = ProviderContext(environment: { ["ECHO_TOKEN": "t"] })
        #expect(registry.entry(named: "echo")?.status(environment: [:]) == .missing(["ECHO_TOKEN"]))
        let provider = try registry.provider(named: "echo", context: context)
        let outcome = await StreamFixtures.run(provider, [.user("ping pong")])
        #expect(outcome.text == "PING PONG")
        #expect(outcome.chunks.last == .finished("stop"))
        let completion = try await Completion.collecting(provider.stream([.user("abc")], config: ModelConfig(model: "echo-1")))
        #expect(completion.text == "ABC")
    }
}

/// A provider written in Swift: it shouts the last user message back, a word per chunk.
struct EchoProvider: Provider {
    var metadata: ProviderMetadata {
        ProviderMetadata(name: "echo", engine: "swift", host: "in-process", models: [ModelInfo(name: "echo-1")])
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamChunk, any Error> {
        let words = (request.messages.last { $0.role == .user }?.text ?? "").uppercased().split(separator: " ")
        return AsyncThrowingStream { continuation in
            for (index, word) in words.enumerated() {
                continuation.yield(.text(index == 0 ? String(word) : " " + word))
            }
            continuation.yield(.finished(.stop))
            continuation.finish()
        }
    }
}
