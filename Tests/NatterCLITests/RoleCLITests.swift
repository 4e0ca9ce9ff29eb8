import Foundation
import NatterTestSupport
import Testing

/// `natter roles` and `--role NAME` through the real binary.
@Suite struct RoleCLITests {
    @Test func rolesAreListedAndARoleSetsThePromptModelAndParameters() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["reviewed"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(
            """
            { "name": "local", "engine": "openai", "host": "\(server.url)/v1",
              "models": [ { "name": "small" }, { "name": "large" } ], "retry": { "max_retries": 0 } }
            """, named: "local", in: home)
        try FileManager.default.createDirectory(atPath: home + "/config/roles", withIntermediateDirectories: true)
        try "---\nprovider: local\nmodel: large\ntemperature: 0.3\n---\nYou review diffs.\nBe brief.\n"
            .write(toFile: home + "/config/roles/review.md", atomically: true, encoding: .utf8)
        try "---\nseed: many\n---\nx".write(toFile: home + "/config/roles/broken.md", atomically: true, encoding: .utf8)

        let (listed, list, problems) = try await NatterProcess.run(["roles"], home: home)
        #expect(listed == 0)
        #expect(list == "review  [local · large · temperature=0.3] You review diffs.\n")
        #expect(problems == "natter: roles/broken.md:2: seed must be a whole number from -2147483648 to 2147483647, not \"many\"\n")

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "look", "--role", "review", "--temperature", "0.7"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "reviewed\n")
        let request = try #require(server.requests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["model"] as? String == "large", "the role's model")
        #expect(body["temperature"] as? Double == 0.7, "a flag over the role's parameter")
        let messages = body["messages"] as? [[String: Any]] ?? []
        #expect(messages.first?["role"] as? String == "system" && messages.first?["content"] as? String == "You review diffs.\nBe brief.")

        let (missing, _, why) = try await NatterProcess.run(["-p", "x", "--role", "nope"], home: home)
        #expect(missing == 64)
        #expect(why.contains("roles/nope.md: no such role in \(home)/config/roles (there are: review)"), "\(why)")
    }
}
