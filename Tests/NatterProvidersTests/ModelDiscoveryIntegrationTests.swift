import Foundation
import NatterTestSupport
import Synchronization
import Testing

@testable import NatterProviders

/// Model discovery against a real HTTP server on 127.0.0.1: each engine's models endpoint merged with the
/// file's list, the file's list whenever the endpoint cannot answer usefully, and one request per provider.
@Suite struct ModelDiscoveryIntegrationTests {
    static let fileModels = [
        ModelInfo(name: "m-1", contextWindow: 4096, supportsTools: false),
        ModelInfo(name: "only-in-file", contextWindow: 1000),
    ]

    func provider(
        _ engine: Engine, _ server: LoopbackServer, auth: ProviderDefinition.Auth = .none,
        environment: @escaping @Sendable () -> [String: String] = { [:] }
    ) -> DeclarativeProvider {
        var definition = StreamFixtures.definition(engine, server: server, auth: auth)
        definition.models = Self.fileModels
        return DeclarativeProvider(definition: definition, context: ProviderContext(environment: environment))
    }

    @Test(arguments: Engine.allCases)
    func eachEnginesListIsMergedAfterTheFilesList(engine: Engine) async throws {
        let lists: [Engine: String] = [
            .openai: #"{"object":"list","data":[{"id":"m-2","context_length":32768},{"id":"m-1","context_window":9999}]}"#,
            .anthropic: #"{"data":[{"type":"model","id":"m-2","display_name":"Model Two"},{"type":"model","id":"m-1","display_name":"Model One"}],"has_more":false}"#,
            .ollama: #"{"models":[{"name":"m-2","model":"m-2","size":2},{"name":"m-1","model":"m-1","size":1}]}"#,
        ]
        let paths: [Engine: String] = [.openai: "/v1/models", .anthropic: "/v1/models", .ollama: "/api/tags"]
        let server = try await LoopbackServer.start { _, _ in .json(lists[engine]!) }
        defer { Task { await server.stop() } }
        let auth: ProviderDefinition.Auth =
            engine == .anthropic ? .header(name: "x-api-key", value: "${KEY}") : .header(name: "Authorization", value: "Bearer ${KEY}")

        let listing = await provider(engine, server, auth: auth, environment: { ["KEY": "sk-1"] }).modelListing()

        #expect(listing.fallbackReason == nil)
        // The file's models first and in its order, then what only the server listed.
        #expect(listing.models.map(\.name) == ["m-1", "only-in-file", "m-2"])
        // The file's context window and tools badge win over the server's.
        #expect(listing.models[0].contextWindow == 4096)
        #expect(listing.models[0].supportsTools == false)
        #expect(listing.models[1] == Self.fileModels[1])
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == paths[engine])
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("Content-Type") == nil)
        switch engine {
        case .openai:
            #expect(listing.models[2] == ModelInfo(name: "m-2", contextWindow: 32768))
            #expect(request.header("Authorization") == "Bearer sk-1")
        case .anthropic:
            #expect(listing.models[0].displayName == "Model One")
            #expect(listing.models[2] == ModelInfo(name: "m-2", displayName: "Model Two", supportsVision: false))
            #expect(request.header("x-api-key") == "sk-1")
            #expect(request.header("anthropic-version") == "2023-06-01")
            #expect(request.query == "limit=1000")
        case .ollama:
            #expect(listing.models[2] == ModelInfo(name: "m-2"))
        }
    }

    static let unusableAnswers: [(String, ScriptedResponse, ProviderError.Kind)] = [
        ("404", .json(#"{"error":"not found"}"#, status: 404), .rejected),
        ("500", .text("oops", status: 500), .server),
        ("an HTML page", .text("<html><body>Welcome to nginx</body></html>", headers: [("Content-Type", "text/html")]), .malformedResponse),
        ("data that is not a list", .json(#"{"data":"nope"}"#), .malformedResponse),
        ("entries without ids", .json(#"{"data":[1,2,{"object":"model"}]}"#), .malformedResponse),
        ("a truncated list", .json(#"{"data":[{"id":"m-2"}"#), .malformedResponse),
    ]

    @Test(arguments: 0..<unusableAnswers.count)
    func anUnusableAnswerFallsBackToTheFilesList(index: Int) async throws {
        let (what, answer, kind) = Self.unusableAnswers[index]
        let server = try await LoopbackServer.start { _, _ in answer }
        defer { Task { await server.stop() } }
        let provider = provider(.openai, server)

        let listing = await provider.modelListing()

        #expect(listing.models == Self.fileModels, "\(what)")
        #expect(listing.fallbackReason?.kind == kind, "\(what): \(String(describing: listing.fallbackReason))")
        #expect(server.requests.count == 1, "discovery is never retried: the file's list is a good enough answer")
        #expect(try await provider.listModels() == Self.fileModels)
    }

    @Test func aServerThatNeverAnswersFallsBackWithinTheTimeLimit() async throws {
        let server = try await LoopbackServer.start { _, _ in
            try? await Task.sleep(for: .seconds(600))
            return .text("too late")
        }
        defer { Task { await server.stop() } }
        // together.json as it ships: no timeout_seconds, so 120 s of silence would be allowed for a reply.
        let definition = try GooseCompatFiles.load("together.json")
        let (aimed, environment) = try GooseCompatFiles.aim(
            definition, .rewriteHost, at: server, environment: ["TOGETHER_API_KEY": "sk-1"])
        let provider = DeclarativeProvider(definition: aimed, context: ProviderContext(environment: { environment }))

        let started = ContinuousClock.now
        let listing = await provider.modelListing()
        let waited = ContinuousClock.now - started

        #expect(listing.models == definition.models)
        #expect(listing.fallbackReason?.kind == .network)
        #expect(listing.fallbackReason?.message == "no response within 10 s")
        #expect(server.requests.map(\.path) == ["/v1/models"])
        #expect(waited < DeclarativeProvider.discoveryTimeLimit * 3, "gave up after \(waited), not after timeout_seconds")
    }

    @Test func aListThatStallsAfterItsHeadersFallsBack() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream([#"{"data":[{"id":"m-2"},"#], contentType: "application/json", then: .stall)
        }
        defer { Task { await server.stop() } }
        // Room for a loaded machine: a head later than the limit is a network error (2 s, and in a clean-clone
        // CI run 4 s, were once too little).
        var definition = StreamFixtures.definition(.openai, server: server, timeout: 8)
        definition.models = Self.fileModels

        let listing = await DeclarativeProvider(definition: definition).modelListing()

        #expect(listing.models == Self.fileModels)
        #expect(listing.fallbackReason?.kind == .interrupted, "\(listing.fallbackReason?.message ?? "no reason")")
    }

    @Test func aSecondCallIsAnsweredFromTheCacheOfThatInstanceOnly() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(#"{"data":[{"id":"m-2"}]}"#) }
        defer { Task { await server.stop() } }
        let provider = provider(.openai, server)

        let first = try await provider.listModels()
        let second = try await provider.listModels()
        let copy = provider
        let third = await copy.modelListing()

        #expect(first.map(\.name) == ["m-1", "only-in-file", "m-2"])
        #expect(second == first)
        #expect(third.models == first)
        #expect(server.requests.count == 1)
        // Another instance keeps its own cache, so it asks.
        _ = try await self.provider(.openai, server).listModels()
        #expect(server.requests.count == 2)
    }

    @Test func aFailureIsNotCachedSoAServerThatComesUpLaterIsFound() async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? .text("starting", status: 503) : .json(#"{"data":[{"id":"m-2"}]}"#)
        }
        defer { Task { await server.stop() } }
        let provider = provider(.openai, server)

        let early = await provider.modelListing()
        let later = await provider.modelListing()
        let again = await provider.modelListing()

        #expect(early.fallbackReason?.kind == .server)
        #expect(later.fallbackReason == nil)
        #expect(later.models.map(\.name) == ["m-1", "only-in-file", "m-2"])
        #expect(again == later)
        #expect(server.requests.count == 2)
    }

    @Test func aChangedKeyIsAskedAfresh() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(#"{"data":[{"id":"m-2"}]}"#) }
        defer { Task { await server.stop() } }
        let environment = EnvironmentStub(key: "sk-first")
        let provider = provider(
            .openai, server, auth: .header(name: "Authorization", value: "Bearer ${KEY}"),
            environment: { ["KEY": environment.key] })

        _ = try await provider.listModels()
        environment.key = "sk-second"
        _ = try await provider.listModels()

        #expect(server.requests.map { $0.header("Authorization") } == ["Bearer sk-first", "Bearer sk-second"])
    }

    @Test func aRefusedKeyFallsBackWithoutShowingTheKey() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"error":{"message":"Incorrect API key provided: sk-secret-99"}}"#, status: 401)
        }
        defer { Task { await server.stop() } }
        let listing = await provider(
            .openai, server, auth: .header(name: "Authorization", value: "Bearer ${KEY}"),
            environment: { ["KEY": "sk-secret-99"] }
        ).modelListing()

        #expect(listing.models == Self.fileModels)
        #expect(listing.fallbackReason?.kind == .authentication)
        #expect(listing.fallbackReason?.description.contains("sk-secret-99") == false)
    }

    @Test func withNothingToFallBackOnTheReasonIsThrown() async throws {
        let closed = try ClosedPort()
        // lmstudio.json lists no models: only the server can say which it has loaded.
        let definition = try GooseCompatFiles.load("lmstudio.json")
        let provider = DeclarativeProvider(
            definition: definition, context: ProviderContext(environment: { ["LMSTUDIO_HOST": closed.url + "/v1"] }))

        await #expect(throws: ProviderError(.network, "connection refused at \(closed.url)").unreached()) { try await provider.listModels() }
        _ = closed
    }

    @Test func dynamicModelsFalseAsksNothing() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(#"{"data":[{"id":"m-2"}]}"#) }
        defer { Task { await server.stop() } }
        let definition = try GooseCompatFiles.load("groq.json", changing: ["dynamic_models": false])
        let (aimed, environment) = try GooseCompatFiles.aim(definition, .rewriteHost, at: server, environment: ["GROQ_API_KEY": "k"])

        let listing = await DeclarativeProvider(definition: aimed, context: ProviderContext(environment: { environment })).modelListing()

        #expect(listing == ModelListing(models: definition.models))
        #expect(server.requests.isEmpty)
    }
}

/// An environment a test can change between requests.
private final class EnvironmentStub: Sendable {
    private let value: Mutex<String>

    init(key: String) { value = Mutex(key) }

    var key: String {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
