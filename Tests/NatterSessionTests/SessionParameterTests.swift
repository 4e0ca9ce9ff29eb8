import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// The parameters a session sends: the model's defaults from its provider file, under what the person set.
@Suite struct SessionParameterTests {
    @Test func aModelsDefaultsGoUnderTheSessionsOwn() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        var definition = ProviderDefinition(
            name: "p", engine: .openai, host: server.url, models: [ModelInfo(name: "tuned"), ModelInfo(name: "plain")],
            retry: RetryPolicy(maxRetries: 0))
        definition.modelParameters = ["tuned": ModelParameters(temperature: 0.1, maxTokens: 300)]
        var registry = ProviderRegistry()
        registry.register(definition, origin: .builtin)
        let session = ChatSession(registry: registry, provider: "p", model: "tuned", transcriptPath: nil)

        await session.send("defaults")
        await session.waitForReply()
        await session.setParameters(ModelParameters(temperature: 0.9, seed: 4))
        await session.send("mine over them")
        await session.waitForReply()
        await session.switchTo(provider: "p", model: "plain")
        await session.send("no defaults")
        await session.waitForReply()

        func body(_ index: Int) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(server.requests[index].body)) as? [String: Any])
        }
        #expect(server.requests.count == 3)
        #expect(try body(0)["temperature"] as? Double == 0.1 && body(0)["max_tokens"] as? Int == 300)
        #expect(try body(1)["temperature"] as? Double == 0.9 && body(1)["max_tokens"] as? Int == 300 && body(1)["seed"] as? Int == 4)
        #expect(try body(2)["temperature"] as? Double == 0.9 && body(2)["max_tokens"] == nil)
    }

    @Test func eachChangeIsAParamsRecordAndAResumedSessionGoesOnWithThem() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let folder = NSTemporaryDirectory() + "natter-params-\(UUID().uuidString)/sessions"
        let store = SessionStore(directory: folder)
        let registry = ChatSessionTests.registry([("one", server)])
        let session = ChatSession(id: "s", registry: registry, provider: "one", model: "one-model", transcriptPath: store.path(for: "s"))
        await session.setParameters(ModelParameters(temperature: 0.4))
        await session.send("first")
        await session.waitForReply()
        var second = ModelParameters(reasoning: .budget(2048))
        second.extra = ["num_ctx": .number(4096)]
        await session.setParameters(second)
        await session.close()

        let lines = try String(contentsOfFile: store.path(for: "s"), encoding: .utf8).split(separator: "\n")
        func json(_ text: some StringProtocol) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }
        #expect(try json(lines[1]) == json(#"{"type":"params","params":{"temperature":0.4}}"#), "written with the file, before the first message")
        #expect(try json(lines.last!) == json(#"{"type":"params","params":{"num_ctx":4096,"reasoning":2048}}"#))
        let transcript = try TranscriptReader.read(path: store.path(for: "s"))
        #expect(transcript.lastParameters == second)
        #expect(TranscriptExport.render(transcript, id: "s", format: .text).contains("-- parameters: reasoning=2048, num_ctx --"))

        let opened = SessionContinuation.open("s", transcript: transcript, store: store, registry: registry, fallback: Origin(provider: "one", model: "one-model"))
        await opened.begin()
        #expect(await opened.session.parameters == second)
        await opened.session.send("again")
        await opened.session.waitForReply()
        let body = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[1].body)) as? [String: Any])
        #expect(body["num_ctx"] as? Int == 4096 && body["reasoning_effort"] as? String == "low" && body["temperature"] == nil)
        #expect(try String(contentsOfFile: store.path(for: "s"), encoding: .utf8).components(separatedBy: #""type":"params""#).count == 3, "taken up, not written again")
    }

    @Test func theSystemPromptIsRecordedAndTakenUpOnResume() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatSessionTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let folder = NSTemporaryDirectory() + "natter-system-\(UUID().uuidString)/sessions"
        let store = SessionStore(directory: folder)
        let registry = ChatSessionTests.registry([("one", server)])
        let session = ChatSession(id: "s", registry: registry, provider: "one", model: "one-model", transcriptPath: store.path(for: "s"))
        await session.setSystemPrompt("Be brief.")
        await session.send("first")
        await session.waitForReply()
        await session.setSystemPrompt("Answer in French.\nAlways.")
        await session.close()

        let transcript = try TranscriptReader.read(path: store.path(for: "s"))
        #expect(transcript.records.compactMap { if case .systemPrompt(let prompt) = $0 { prompt } else { nil } } == ["Be brief.", "Answer in French.\nAlways."])
        #expect(transcript.lastSystemPrompt == "Answer in French.\nAlways.")
        let text = TranscriptExport.render(transcript, id: "s", format: .text)
        #expect(text.contains("-- system prompt --\nBe brief.\n") && text.contains("-- system prompt --\nAnswer in French.\nAlways.\n"))
        let opened = SessionContinuation.open("s", transcript: transcript, store: store, registry: registry, fallback: Origin(provider: "one", model: "one-model"))
        await opened.begin()
        await opened.session.send("again")
        await opened.session.waitForReply()
        let body = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[1].body)) as? [String: Any])
        let first = (body["messages"] as? [[String: Any]])?.first
        #expect(first?["role"] as? String == "system" && first?["content"] as? String == "Answer in French.\nAlways.")
    }
}
