import Foundation
import NatterTestSupport
import Testing

/// Cache counts through the binary (issue 35): the --json cost of a reply that read most of its prompt from the
/// cache is the price table's, and `natter sessions` sums the counts back from the transcript.
@Suite struct PromptCacheCLITests {
    @Test func theJSONCostIsTheTablesAndSessionsSaysTheCacheShare() async throws {
        let stream = [
            #"event: message_start\#ndata: {"type":"message_start","message":{"usage":{"input_tokens":20,"cache_read_input_tokens":1800,"cache_creation_input_tokens":180}}}"# + "\n\n",
            #"event: content_block_delta\#ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cached"}}"# + "\n\n",
            #"event: message_delta\#ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}"# + "\n\n",
            #"event: message_stop\#ndata: {"type":"message_stop"}"# + "\n\n",
        ]
        let server = try await LoopbackServer.start { _, _ in .stream(stream) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(
            """
            { "name": "claude", "engine": "anthropic", "host": "\(server.url)", "retry": { "max_retries": 0 },
              "models": [ { "name": "sonnet", "cost": { "input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75 } } ] }
            """, named: "claude", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "claude", "--model", "sonnet", "--json"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stdout.contains(#""cache_read":1800"#) && stdout.contains(#""cache_write":180"#), "\(stdout)")
        // 20 plain at $3, 1,800 read at $0.30, 180 written at $3.75, 12 out at $15 (per million): $0.001455.
        #expect(stdout.contains(#""type":"cost""#) && stdout.contains(#""cost":0.001455"#), "\(stdout)")
        #expect(server.requests.first?.bodyText.contains("cache_control") == true, "the request marked breakpoints")

        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed.contains("$0.0015 (cache 90 %)"), "\(listed)")
        let (_, json, _) = try await NatterProcess.run(["sessions", "--json"], home: home)
        #expect(json.contains(#""cache_read":1800"#) && json.contains(#""input_tokens":2000"#), "\(json)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions").first { $0.hasSuffix(".jsonl") })
        let (_, shown, _) = try await NatterProcess.run(["show", String(id.dropLast(6))], home: home)
        #expect(shown.contains("claude · sonnet · $0.0015 · cache 90 %"), "\(shown)")
    }
}
