import Foundation
import NatterExampleProviders
import NatterProviders
import NatterTestSupport
import Testing

/// The Quill example provider against a loopback server that speaks Quill's API (see QuillAPI.swift).
@Suite struct QuillProviderTests {
    static let key = "quill-key-5e6f7a8b"

    static func line(_ json: String) -> String { json + "\n" }

    /// A registry with Quill registered as the README shows, and a context pointing it at `server`.
    static func quill(_ server: LoopbackServer, key: String? = key) throws -> any Provider {
        var registry = ProviderCatalog.builtins()
        QuillProvider.register(in: &registry)
        var environment = ["QUILL_HOST": server.url]
        environment["QUILL_API_KEY"] = key
        let context = ProviderContext(environment: { [environment] in environment })
        return try registry.provider(named: "quill", context: context)
    }

    static func collect(_ stream: AsyncThrowingStream<StreamChunk, any Error>) async -> (chunks: [StreamChunk], error: ProviderError?) {
        var chunks: [StreamChunk] = []
        do {
            for try await chunk in stream { chunks.append(chunk) }
            return (chunks, nil)
        } catch {
            return (chunks, error as? ProviderError)
        }
    }

    static func text(_ chunks: [StreamChunk]) -> String {
        chunks.map { chunk in
            if case .text(let text) = chunk { return text }
            return ""
        }.joined()
    }

    @Test func streamsPiecesSplitAnywhereAndEndsWithUsage() async throws {
        let body = [
            Self.line(#"{"piece": "Grüße"}"#), Self.line(#"{"piece": ", world"}"#),
            Self.line(#"{"done": true, "stop": "end", "usage": {"in": 12, "out": 3}}"#),
        ].joined()
        // Three bytes at a time: lines and the two-byte "ü" and "ß" are cut in the middle.
        let bytes = Array(body.utf8)
        let steps = stride(from: 0, to: bytes.count, by: 3).map { ScriptedResponse.Step.bytes(Array(bytes[$0..<min($0 + 3, bytes.count)])) }
        let server = try await LoopbackServer.start { _, _ in
            ScriptedResponse(headers: [("Content-Type", "application/x-ndjson")], steps: steps)
        }
        defer { Task { await server.stop() } }

        let provider = try Self.quill(server)
        let config = ModelConfig(model: "quill-small", systemPrompt: "Be brief.", maxTokens: 64)
        let outcome = await Self.collect(provider.stream(
            ChatRequest(
                messages: [.user("Greet me"), Message(parent: nil, role: .assistant, parts: [.text("Hi")]), .user("In German")],
                config: config)))

        #expect(outcome.error == nil)
        #expect(Self.text(outcome.chunks) == "Grüße, world")
        #expect(outcome.chunks.suffix(2) == [.usage(Usage(inputTokens: 12, outputTokens: 3)), .finished(.stop)])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/generate")
        #expect(request.header("X-Quill-Key") == Self.key)
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(sent["model"] as? String == "quill-small")
        #expect(sent["max_new_tokens"] as? Int == 64)
        #expect(sent["stream"] as? Bool == true)
        #expect(sent["prompt"] as? String == "System: Be brief.\n\nUser: Greet me\n\nAssistant: Hi\n\nUser: In German\n\nAssistant:")
    }

    @Test func aLimitIsALengthFinishAndCompleteGathersTheStream() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream([Self.line(#"{"piece": "cut"}"#), Self.line(#"{"done": true, "stop": "limit"}"#)], contentType: "application/x-ndjson")
        }
        defer { Task { await server.stop() } }

        let completion = try await Completion.collecting(Self.quill(server).stream(.question("q", config: ModelConfig(model: "quill-small"))))

        #expect(completion == Completion(text: "cut", finishReason: .length))
    }

    @Test func anErrorStatusIsClassifiedWithQuillsDetailAndNoKey() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"failure": {"kind": "bad_key", "detail": "key quill-key-5e6f7a8b was revoked"}}"#, status: 401)
        }
        defer { Task { await server.stop() } }

        let outcome = await Self.collect(try Self.quill(server).stream(.question("q", config: ModelConfig(model: "quill-small"))))

        #expect(outcome.chunks.isEmpty)
        #expect(outcome.error == ProviderError(.authentication, "key [redacted] was revoked", status: 401))
        #expect(outcome.error?.description == "authentication failed (HTTP 401): key [redacted] was revoked")
    }

    @Test func aFailureInsideTheStreamEndsItAfterTheTextSoFar() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream(
                [Self.line(#"{"piece": "part"}"#), Self.line(#"{"failure": {"kind": "overloaded", "detail": "GPU busy"}}"#)],
                contentType: "application/x-ndjson")
        }
        defer { Task { await server.stop() } }

        let outcome = await Self.collect(try Self.quill(server).stream(.question("q", config: ModelConfig(model: "quill-small"))))

        #expect(Self.text(outcome.chunks) == "part")
        #expect(outcome.error == ProviderError(.server, "GPU busy"))
    }

    @Test func aStreamWithoutItsDoneLineIsInterrupted() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream([Self.line(#"{"piece": "half"}"#)], contentType: "application/x-ndjson")
        }
        defer { Task { await server.stop() } }

        let outcome = await Self.collect(try Self.quill(server).stream(.question("q", config: ModelConfig(model: "quill-small"))))

        #expect(Self.text(outcome.chunks) == "half")
        #expect(outcome.error?.kind == .interrupted)
        #expect(!outcome.chunks.contains(.finished(.stop)))
    }

    @Test func listModelsReadsQuillsOwnList() async throws {
        let server = try await LoopbackServer.start { request, _ in
            request.path == "/models"
                ? .json(#"{"available": [{"id": "quill-small", "context": 4096}, {"id": "quill-large"}]}"#)
                : .text("", status: 404)
        }
        defer { Task { await server.stop() } }

        let models = try await Self.quill(server).listModels()

        #expect(models == [ModelInfo(name: "quill-small", contextWindow: 4096, supportsTools: false), ModelInfo(name: "quill-large", supportsTools: false)])
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.header("X-Quill-Key") == Self.key)
    }

    @Test func theRegistryListsQuillByNameAndSaysWhichVariableIsMissing() async throws {
        var registry = ProviderRegistry()
        QuillProvider.register(in: &registry)

        let entry = try #require(registry.entry(named: "quill"))
        #expect(entry.origin == .swift)
        #expect(entry.metadata.engine == "quill")
        #expect(entry.status(environment: [:]) == .missing(["QUILL_API_KEY"]))
        #expect(entry.status(environment: ["QUILL_API_KEY": "k"]) == .ready)
        #expect(throws: ProviderError.self) { try registry.provider(named: "quill", context: ProviderContext(environment: { [:] })) }
        let provider = try registry.provider(named: "quill", context: ProviderContext(environment: { ["QUILL_API_KEY": "k"] }))
        #expect(provider.metadata.models.allSatisfy { !$0.supportsTools && !$0.supportsVision }, "Quill generates text only")
        #expect(provider.metadata.preferredModel == "quill-small")
    }
}
