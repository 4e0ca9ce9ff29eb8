import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// goose's provider files, loaded as they ship, doing what their authors meant against a real HTTP server on
/// 127.0.0.1: the URL each `base_url` means, Bearer auth from `api_key_env` (none when `requires_auth` is
/// false), extra `headers`, `supports_streaming` and `supports_stream_options`, and model discovery.
@Suite struct GooseCompatIntegrationTests {
    /// What each shipped file should do. A new file in the folder fails `everyShippedFileIsCovered` until
    /// it is described here.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var aim: GooseCompatFiles.Aim
        var chatPath: String
        var modelsPath: String
        /// The variable holding the key; nil when the file asks for no auth.
        var keyVariable: String?
        var sendsStreamOptions = true
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        // A host with no path means the API root, `/v1`, as goose reads it.
        Case(file: "deepseek.json", aim: .rewriteHost, chatPath: "/v1/chat/completions", modelsPath: "/v1/models",
            keyVariable: "DEEPSEEK_API_KEY"),
        Case(file: "groq.json", aim: .rewriteHost, chatPath: "/openai/v1/chat/completions", modelsPath: "/openai/v1/models",
            keyVariable: "GROQ_API_KEY"),
        // `${LMSTUDIO_HOST}/chat/completions`, no key (`api_key_env: ""`, `requires_auth: false`).
        Case(file: "lmstudio.json", aim: .variable("LMSTUDIO_HOST", path: "/v1"), chatPath: "/v1/chat/completions",
            modelsPath: "/v1/models", keyVariable: nil),
        // A base_url that is already the chat URL; `supports_stream_options: false`.
        Case(file: "mistral.json", aim: .rewriteHost, chatPath: "/v1/chat/completions", modelsPath: "/v1/models",
            keyVariable: "MISTRAL_API_KEY", sendsStreamOptions: false),
        // The whole chat URL comes from a variable.
        Case(file: "moonshot.json", aim: .variable("MOONSHOT_BASE_URL", path: "/v1/chat/completions"),
            chatPath: "/v1/chat/completions", modelsPath: "/v1/models", keyVariable: "MOONSHOT_API_KEY"),
        Case(file: "together.json", aim: .rewriteHost, chatPath: "/v1/chat/completions", modelsPath: "/v1/models",
            keyVariable: "TOGETHER_API_KEY"),
    ]

    static let wholeReply =
        #"{"id":"c-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"whole reply"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#

    /// The provider for `definition` aimed at `server`, with the case's key in its environment.
    func provider(_ definition: ProviderDefinition, _ testCase: Case, _ server: LoopbackServer) throws -> DeclarativeProvider {
        let key = testCase.keyVariable.map { [$0: Self.key(for: testCase)] } ?? [:]
        let (aimed, environment) = try GooseCompatFiles.aim(definition, testCase.aim, at: server, environment: key)
        return DeclarativeProvider(definition: aimed, context: ProviderContext(environment: { environment }))
    }

    static func key(for testCase: Case) -> String { "sk-\(testCase.file.dropLast(5))-123" }

    /// The model to ask for: the file's first, or any name for a file that lists none (LM Studio).
    static func model(_ definition: ProviderDefinition) -> String { definition.models.first?.name ?? "local-model" }

    static func body(_ request: RecordedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    func expectAuth(_ request: RecordedRequest, _ testCase: Case) {
        if testCase.keyVariable == nil {
            #expect(request.header("Authorization") == nil, "\(testCase.file) asks for no auth")
        } else {
            #expect(request.header("Authorization") == "Bearer \(Self.key(for: testCase))")
        }
    }

    @Test func everyShippedFileIsCovered() throws {
        #expect(try GooseCompatFiles.all() == Self.cases.map(\.file))
    }

    @Test(arguments: cases)
    func streamsAReplyFromTheURLTheFileMeans(testCase: Case) async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.openAI(["Hello", ", ", "goose"])) }
        defer { Task { await server.stop() } }
        let definition = try GooseCompatFiles.load(testCase.file)
        let provider = try provider(definition, testCase, server)

        let outcome = await StreamFixtures.run(provider, [.user("hi")], model: Self.model(definition))

        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello, goose")
        #expect(outcome.chunks.last == .finished("stop"))
        #expect(server.requests.count == 1)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == testCase.chatPath)
        #expect(request.header("Accept") == "text/event-stream")
        expectAuth(request, testCase)
        let body = try Self.body(request)
        #expect(body["model"] as? String == Self.model(definition))
        #expect(body["stream"] as? Bool == true)
        if testCase.sendsStreamOptions {
            #expect((body["stream_options"] as? [String: Bool])?["include_usage"] == true)
        } else {
            #expect(body["stream_options"] == nil, "\(testCase.file) says the server rejects stream_options")
        }
    }

    @Test(arguments: cases)
    func supportsStreamingFalseSendsOneJSONRequestAndShowsTheWholeReply(testCase: Case) async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReply) }
        defer { Task { await server.stop() } }
        let definition = try GooseCompatFiles.load(testCase.file, changing: ["supports_streaming": false])
        let provider = try provider(definition, testCase, server)

        let outcome = await StreamFixtures.run(provider, [.user("hi")], model: Self.model(definition))

        #expect(outcome.error == nil)
        #expect(coalesced(outcome.chunks) == [.text("whole reply"), .usage(5, 2), .finished("stop")])
        #expect(server.requests.count == 1)
        let request = try #require(server.requests.first)
        #expect(request.path == testCase.chatPath)
        #expect(request.header("Accept") == "application/json")
        expectAuth(request, testCase)
        let body = try Self.body(request)
        #expect(body["stream"] as? Bool == false)
        #expect(body["stream_options"] == nil, "stream_options belongs to streamed requests only")
    }

    @Test func extraHeadersAreSentBesideTheKey() async throws {
        let testCase = try #require(Self.cases.first { $0.file == "deepseek.json" })
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.openAI(["ok"])) }
        defer { Task { await server.stop() } }
        // deepseek.json ships `"headers": null`; here the same file with headers, as goose writes them.
        let definition = try GooseCompatFiles.load(
            testCase.file, changing: ["headers": ["X-Title": "natter", "HTTP-Referer": "https://natter.example"]])
        let outcome = await StreamFixtures.run(try provider(definition, testCase, server), model: "deepseek-chat")

        #expect(outcome.text == "ok")
        let request = try #require(server.requests.first)
        #expect(request.header("X-Title") == "natter")
        #expect(request.header("HTTP-Referer") == "https://natter.example")
        expectAuth(request, testCase)
    }

    @Test func requiresAuthFalseSendsNoKeyEvenWhenTheVariableIsSet() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.openAI(["ok"])) }
        defer { Task { await server.stop() } }
        let definition = try GooseCompatFiles.load("together.json", changing: ["requires_auth": false])
        let (aimed, environment) = try GooseCompatFiles.aim(
            definition, .rewriteHost, at: server, environment: ["TOGETHER_API_KEY": "sk-must-not-be-sent"])
        let provider = DeclarativeProvider(definition: aimed, context: ProviderContext(environment: { environment }))

        let outcome = await StreamFixtures.run(provider, model: Self.model(definition))

        #expect(outcome.text == "ok")
        #expect(server.requests.first?.header("Authorization") == nil)
        #expect(!(server.requests.first?.headers.contains { $0.1.contains("sk-must-not-be-sent") } ?? true))
    }

    /// Without the variable set, `env_vars[].default` is where requests go.
    @Test(arguments: [
        ("lmstudio.json", "http://localhost:1234/v1/chat/completions", "http://localhost:1234/v1/models"),
        ("moonshot.json", "https://api.moonshot.cn/v1/chat/completions", "https://api.moonshot.cn/v1/models"),
    ])
    func unsetHostVariablesUseTheFilesDefaults(file: String, chat: String, models: String) throws {
        let definition = try GooseCompatFiles.load(file)
        let provider = DeclarativeProvider(
            definition: definition, context: ProviderContext(environment: { ["MOONSHOT_API_KEY": "k"] }))
        let engine = definition.engine
        #expect(try provider.prepare(streaming: true) { EndpointResolver.chatURL(engine: engine, host: $0) }.url == chat)
        #expect(try provider.prepare(streaming: false) { EndpointResolver.modelsURL(engine: engine, host: $0) }.url == models)
    }

    @Test(arguments: cases)
    func discoversModelsFromTheFilesModelsEndpoint(testCase: Case) async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.method == "GET" ? .json(#"{"object":"list","data":[{"id":"listed-model","object":"model"}]}"#) : .text("", status: 404)
        }
        defer { Task { await server.stop() } }
        let definition = try GooseCompatFiles.load(testCase.file)
        let provider = try provider(definition, testCase, server)

        let listing = await provider.modelListing()

        #expect(listing.fallbackReason == nil)
        #expect(listing.models.map(\.name) == definition.models.map(\.name) + ["listed-model"])
        #expect(listing.models.map(\.contextWindow).dropLast() == definition.models.map(\.contextWindow)[...])
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == testCase.modelsPath)
        #expect(request.header("Accept") == "application/json")
        expectAuth(request, testCase)
    }
}
