import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Compare in the session (SPEC 9): one message, replies from several models at once as its siblings, and
/// the transcript that a kill in the middle of it leaves readable.
@Suite struct CompareSessionTests {
    static func registry(_ servers: [(String, Engine, LoopbackServer)]) -> ProviderRegistry {
        var registry = ProviderRegistry()
        for (name, engine, server) in servers {
            registry.register(
                ProviderDefinition(
                    name: name, engine: engine, host: server.url, models: [ModelInfo(name: "\(name)-model")], retry: RetryPolicy(maxRetries: 0)),
                origin: .builtin)
        }
        return registry
    }

    @Test func oneMessageGoesToEveryModelAtOnceAndTheKeptReplyCarriesOn() async throws {
        let openai = try await LoopbackServer.start { _, _ in
            .stream(EngineStreams.openAI(["from ", "openai"]), pause: .milliseconds(30))
        }
        let anthropic = try await LoopbackServer.start { _, _ in
            .stream(EngineStreams.anthropic(["from ", "anthropic"]), pause: .milliseconds(30))
        }
        defer { Task { await openai.stop(); await anthropic.stop() } }
        let store = SessionStore(directory: NSTemporaryDirectory() + "natter-compare-\(UUID().uuidString)/sessions")
        let registry = Self.registry([("one", .openai, openai), ("two", .anthropic, anthropic)])
        let session = ChatSession(id: "s", registry: registry, provider: "one", model: "one-model", transcriptPath: store.path(for: "s"))
        let events = session.eventStream()
        let origins = [Origin(provider: "one", model: "one-model"), Origin(provider: "two", model: "two-model")]
        #expect(await session.compare("which is it?", with: origins))
        #expect(await !session.compare("again", with: origins), "one compare at a time")
        await session.waitForReply()

        // Both servers were asked, and their replies streamed at once: each began before the other ended.
        #expect(openai.requests.count == 1 && anthropic.requests.count == 1)
        #expect(openai.requests[0].bodyText.contains("which is it?") && anthropic.requests[0].bodyText.contains("which is it?"))
        let question = try #require(await session.conversation.path().first)
        let replies = await session.conversation.siblings(of: session.conversation.children(of: question.id)[0])
        #expect(Set(replies.map(\.text)) == ["from openai", "from anthropic"])
        #expect(Set(replies.compactMap(\.origin)) == Set(origins))

        let kept = try #require(replies.first { $0.origin?.provider == "two" })
        await session.activate(kept.id)
        await session.switchTo(provider: "two", model: "two-model")
        await session.send("go on")
        await session.waitForReply()
        await session.close()
        #expect(openai.requests.count == 1, "only the kept model is asked next")
        #expect(anthropic.requests.count == 2)
        let next = anthropic.requests[1].bodyText
        #expect(next.contains("from anthropic") && !next.contains("from openai"), "the kept reply is the history")

        var started: [String] = []
        var ended: [String] = []
        var overlapped = false
        for await event in events {
            switch event {
            case .replyStarted(let id, _, _): started.append(id)
            case .replyEnded(let message):
                if ended.isEmpty, started.count >= 2 { overlapped = true }
                ended.append(message.id)
            default: break
            }
        }
        #expect(overlapped, "the second reply began before the first ended")

        // On disk: the question, both replies as siblings, and the rest.
        let transcript = try TranscriptReader.read(path: store.path(for: "s"))
        #expect(transcript.conversation.children(of: question.id).count == 2)
        #expect(transcript.activeBranch.map(\.text) == ["which is it?", "from anthropic", "go on", "from anthropic"])
        #expect(transcript.messages.count == 5, "no reply twice")
        // `natter show --tree` prints both, each under its model.
        let tree = TranscriptExport.render(transcript, id: "s", format: .text, tree: true)
        #expect(tree.contains("one · one-model ‹") && tree.contains("two · two-model ‹"), "\(tree)")
    }

    /// Two replies' partial records interleave; one got its own record, the other was cut off by a kill.
    @Test func interleavedPartialsReadBackAsTwoWholeReplies() throws {
        let lines = [
            #"{"type":"session","id":"s","created":"2026-12-01T10:00:00Z","version":2}"#,
            #"{"type":"message","id":"q","role":"user","parts":[{"type":"text","text":"which?"}],"ts":"2026-12-01T10:00:01Z"}"#,
            #"{"type":"partial","id":"a","parent":"q","content":"alpha ","provider":"one","model":"m","ts":"2026-12-01T10:00:02Z"}"#,
            #"{"type":"partial","id":"b","parent":"q","content":"bravo ","provider":"two","model":"m","ts":"2026-12-01T10:00:02Z"}"#,
            #"{"type":"partial","id":"a","parent":"q","content":"more","provider":"one","model":"m","ts":"2026-12-01T10:00:03Z"}"#,
            #"{"type":"message","id":"b","parent":"q","role":"assistant","parts":[{"type":"text","text":"bravo whole"}],"provider":"two","model":"m","finish":"stop","ts":"2026-12-01T10:00:04Z"}"#,
            #"{"type":"partial","id":"a","parent":"q","content":" still","provider":"one","model":"m","ts":"2026-12-01T10:00:05Z"}"#,
        ]
        let transcript = TranscriptReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(transcript.messages.count == 3, "\(transcript.messages.map(\.id))")
        #expect(transcript.conversation["a"]?.text == "alpha more still")
        #expect(transcript.conversation["a"]?.finish == .interrupted)
        #expect(transcript.conversation["b"]?.text == "bravo whole" && transcript.conversation["b"]?.finish == .stop)
        #expect(transcript.conversation.children(of: "q") == ["a", "b"])
    }
}
