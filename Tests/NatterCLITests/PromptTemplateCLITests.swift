import Foundation
import NatterTestSupport
import Testing

/// Prompt templates in the real binary (issue 33, point 5): `/NAME` in a real terminal asks its value, shows its
/// command before running it, reads its file and sends the message; `natter -t NAME` in pipe mode; `natter prompts`.
@Suite(.serialized) struct PromptTemplateCLITests {
    /// A template folder with a working template and a broken one; the file it reads.
    static func templates(in home: String) throws -> String {
        let folder = home + "/config/prompts"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let notes = home + "/notes.txt"
        try "the file says hello\u{1B}]0;owned\u{07}".write(toFile: notes, atomically: true, encoding: .utf8)
        try """
            ---
            description: Review with notes
            temperature: 0.3
            ---
            Review for {{focus}}.
            Notes: {{file:\(notes)}}
            Shell: {{sh:echo from-the-shell}}
            Asked: {{input}}
            """.write(toFile: folder + "/review.md", atomically: true, encoding: .utf8)
        try "fine line\nbroken {{here\n".write(toFile: folder + "/broken.md", atomically: true, encoding: .utf8)
        return notes
    }

    @Test func aTemplateWithAFileIsSentFromTheChat() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["reviewed"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(ChatUITests.provider("one", server, model: "m1"), named: "one", in: home)
        _ = try Self.templates(in: home)
        let chat = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one", "--model", "m1"]))
        #expect(await chat.wait(forText: "Enter send"))
        try chat.type("/rev")
        #expect(await chat.wait(forText: "Review with notes"), "the template is in the list: \(chat.text)")
        try chat.send("Tab")
        try chat.type("be brief")
        try chat.send("Enter")
        #expect(await chat.wait(forText: "/review: focus"), "its value is asked for: \(chat.text)")
        try chat.type("speed")
        try chat.send("Enter")
        #expect(await chat.wait(forText: "run the command shown above? y/n"), "the command is asked about: \(chat.text)")
        #expect(chat.text.contains("  echo from-the-shell"), "and shown whole first: \(chat.text)")
        #expect(server.requests.filter { $0.method == "POST" }.isEmpty, "nothing is sent before the yes")
        try chat.type("y")
        #expect(await chat.wait(forText: "reviewed"), "\(chat.text)")
        let request = try #require(server.requests.last { $0.method == "POST" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        let messages = try #require(body["messages"] as? [[String: Any]])
        let sent = try #require(messages.last?["content"] as? String)
        #expect(sent == "Review for speed.\nNotes: the file says hello\nShell: from-the-shell\n\nAsked: be brief", "\(sent.debugDescription)")
        #expect(body["temperature"] as? Double == 0.3, "the template's parameters go with it: \(body)")

        try chat.type("/broken")
        try chat.send("Enter")
        #expect(await chat.wait(forText: "prompts/broken.md:2:"), "a broken one is named with its line: \(chat.text)")
        try chat.send("C-u")
        try chat.send("C-c")
    }

    @Test func pipeModeSendsATemplateWithStandardInputAsItsInput() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        _ = try Self.templates(in: home)
        let environment = ["LOCAL_KEY": "k"]

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-t", "review", "--var", "focus=bugs", "--run-commands", "--provider", "local", "--no-save"], home: home, environment: environment,
            stdin: "the diff")
        #expect(code == 0 && stdout == "ok\n", "\(stderr)")
        let body = try #require(server.requests.last { $0.method == "POST" }?.bodyText)
        #expect(body.contains(#"Review for bugs.\nNotes: the file says hello\nShell: from-the-shell\n\nAsked: the diff"#), "\(body)")

        // With no terminal to confirm its command on, nothing runs and nothing is sent.
        let posts = server.requests.count
        let (refused, _, said) = try await NatterProcess.run(
            ["-t", "review", "--var", "focus=x", "--provider", "local", "--no-save"], home: home, environment: environment, stdin: "d",
            withoutTerminal: true)
        #expect(refused == 1 && said.contains("--run-commands runs them"), "\(String(describing: refused)) \(said)")
        #expect(server.requests.count == posts)

        let (missing, _, asked) = try await NatterProcess.run(["-t", "review", "--provider", "local"], home: home, environment: environment, stdin: "d")
        #expect(missing != 0 && asked.contains("give --var focus=VALUE"), "\(asked)")
        let (broken, _, named) = try await NatterProcess.run(["-t", "broken", "--provider", "local"], home: home, environment: environment, stdin: "d")
        #expect(broken != 0 && named.contains("prompts/broken.md:2: {{ is not closed"), "\(named)")
    }

    @Test func natterPromptsListsThemAndNamesABrokenOneWithItsLine() async throws {
        let home = try Scratch.home()
        let notes = try Self.templates(in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(["prompts"], home: home)
        #expect(code == 0)
        #expect(stdout.contains("review  Review with notes · asks focus · reads \(notes) · runs echo from-the-shell"), "\(stdout)")
        #expect(stderr == "natter: prompts/broken.md:2: {{ is not closed with }} on its line\n")
    }
}
