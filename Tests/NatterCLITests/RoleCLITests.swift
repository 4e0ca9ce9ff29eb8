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

    /// A dangling symlink, a symlink loop, a FIFO and a folder named `x.md` in `<config>/roles` once sent
    /// `natter roles`, `--role` and Ctrl+X into endless recursion (SIGSEGV). Each is named as a broken role,
    /// with why; the good role still works.
    @Test func brokenEntriesInTheRolesFolderAreNamedNeverACrash() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ToolLoopPipeTests.openAIProvider(server), named: "local", in: home)
        let roles = home + "/config/roles"
        try FileManager.default.createDirectory(atPath: roles + "/folder.md", withIntermediateDirectories: true)
        try "Be kind.".write(toFile: roles + "/kind.md", atomically: true, encoding: .utf8)
        symlink(roles + "/nowhere", roles + "/dangling.md")
        symlink(roles + "/loop-b.md", roles + "/loop-a.md")
        symlink(roles + "/loop-a.md", roles + "/loop-b.md")
        mkfifo(roles + "/pipe.md", 0o600)

        let (code, list, problems) = try await NatterProcess.run(["roles"], home: home)
        #expect(code == 0, "\(problems)")
        #expect(list.hasPrefix("kind"), "\(list)")
        for (name, why) in [
            ("dangling", "symbolic link to something that does not exist"), ("folder", "is a folder"),
            ("loop-a", "loop of symbolic links"), ("pipe", "FIFO"),
        ] {
            #expect(problems.contains("roles/\(name).md: it ") && problems.contains(why), "\(name): \(problems)")
        }

        for name in ["dangling", "folder", "loop-a", "pipe", "unknown"] {
            let (failed, _, why) = try await NatterProcess.run(["-p", "x", "--provider", "local", "--role", name, "--no-save"], home: home)
            #expect(failed == 64, "\(name): \(why)")
            #expect(why.contains("roles/\(name).md"), "\(name): \(why)")
        }
        #expect(server.requests.isEmpty, "nothing is sent with a broken role")
        let (used, answer, _) = try await NatterProcess.run(["-p", "x", "--provider", "local", "--role", "kind", "--no-save"], home: home)
        #expect(used == 0 && answer == "ok\n")
    }
}
