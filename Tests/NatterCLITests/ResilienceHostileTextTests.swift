import Foundation
import NatterTestSupport
import Testing

/// Text natter did not write itself — a provider file's display name, a provider's error body, a transcript
/// file — never reaches the terminal raw: no clipboard write (OSC 52), no hyperlink (OSC 8), no title change,
/// no screen clearing, no bidi override; the screen keeps its layout and `natter show` prints plain text.
@Suite(.serialized) struct ResilienceHostileTextTests {
    /// Each piece would do something to a terminal if it arrived unfiltered.
    static let hostile = [
        "\u{1B}]52;c;SGFja2Vk\u{07}", "\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\", "\u{1B}]0;PWNED-TITLE\u{07}",
        "\u{1B}]2;PWNED-TITLE\u{1B}\\", "\u{1B}[2J\u{1B}[H", "\u{1B}[?1049l", "\u{202E}reversed\u{202C}", "nul\u{0}byte", "\u{9B}31m",
        "\u{1B}P+q544e\u{1B}\\", "bell\u{07}",
    ].joined(separator: " ")

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// Arms the checks: tmux takes clipboard writes from programs into its buffers, and the title is noted.
    static func arm(_ tmux: TmuxSession) throws -> String {
        try tmux.command("set-option", "-s", "set-clipboard", "on")
        return tmux.format("#{pane_title}")
    }

    /// Everything a hostile sequence would have changed is as it was; the layout is whole.
    static func expectUntouched(_ tmux: TmuxSession, title: String, _ context: String) throws {
        let styled = tmux.styledScreen()
        let escapes = styled.components(separatedBy: "\u{1B}").dropFirst()
        let foreign = escapes.filter { $0.range(of: #"^\[[0-9;:]*m"#, options: .regularExpression) == nil }
        #expect(foreign.isEmpty, "\(context): only styling (SGR) on screen, found \(foreign.map { String($0.prefix(12)).debugDescription })")
        #expect(!styled.contains("\u{202E}") && !styled.contains("\u{0}") && !styled.contains("\u{9B}"), "\(context): no bidi/NUL/C1")
        #expect(tmux.format("#{pane_title}") == title, "\(context): the title did not change")
        #expect(!tmux.format("#{pane_title}").contains("PWNED"))
        #expect((try tmux.command("list-buffers")).isEmpty, "\(context): nothing was put on the clipboard")
        #expect(tmux.format("#{alternate_on}") == "1", "\(context): still on natter's screen")
        let screen = tmux.screen()
        #expect(screen.count == 30)
        #expect(screen.first?.hasPrefix(" natter") == true, "\(context): header on row 0: \(screen.first ?? "")")
        let bottom = screen.suffix(3)
        #expect(bottom.first?.hasPrefix("────") == true && bottom.dropFirst().first?.hasPrefix("›") == true,
            "\(context): the input box at the bottom: \(screen.joined(separator: "\n"))")
    }

    /// Standard output that a file or pipe gets: printable text, newlines and tabs only.
    static func expectPlain(_ output: String, _ context: String) {
        let controls = output.unicodeScalars.filter { TerminalTextProbe.isControl($0) && $0 != "\n" && $0 != "\t" }
        #expect(controls.isEmpty, "\(context): control characters \(controls.map { String($0.value, radix: 16) })")
    }

    @Test func aProviderDisplayNameIsShownDefanged() async throws {
        let home = try Scratch.home()
        let file = """
            { "name": "evil", "display_name": \(Self.jsonString("Evil " + Self.hostile)), "engine": "openai",
              "host": "http://127.0.0.1:9/v1", "models": [ { "name": "m1", "context_window": 8192 } ] }
            """
        try Scratch.provider(file, named: "evil", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "evil", "--model", "m1"]))
        let title = try Self.arm(tmux)
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "filter:"))
        try tmux.type("evil")
        #expect(await tmux.wait(forText: "Evil "), "the name is shown, defanged: \(tmux.text)")
        try Self.expectUntouched(tmux, title: title, "picker")

        let (code, stdout, _) = try await NatterProcess.run(["providers"], home: home)
        #expect(code == 0)
        Self.expectPlain(stdout, "natter providers")
    }

    @Test func aProviderErrorBodyIsShownDefanged() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"error":{"message":\#(Self.jsonString("Bad request " + Self.hostile))}}"#, status: 400)
        }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        let title = try Self.arm(tmux)
        try ChatUITests.ask(tmux, "provoke")
        #expect(await tmux.wait(forText: "Bad request"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })
        try Self.expectUntouched(tmux, title: title, "error in the UI")

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "provoke", "--provider", "one"], home: home)
        #expect(code == 1)
        #expect(stderr.contains("Bad request"))
        Self.expectPlain(stderr, "pipe mode's error")
        Self.expectPlain(stdout, "pipe mode's output")
    }

    @Test func aHostileTranscriptIsShownDefanged() async throws {
        let home = try Scratch.home()
        let folder = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let id = "20261122-100000-cccccc"
        let text = Self.jsonString(Self.hostile)
        let lines = [
            #"{"type":"session","id":"\#(id)","created":"2026-11-22T10:00:00Z","version":1}"#,
            #"{"type":"message","role":"user","content":\#(Self.jsonString("question " + Self.hostile)),"provider":"ollama","model":"m","ts":"2026-11-22T10:00:01Z"}"#,
            #"{"type":"message","role":"assistant","content":\#(Self.jsonString("answer " + Self.hostile)),"reasoning":\#(text),"provider":"ollama","model":"m","ts":"2026-11-22T10:00:02Z","finish":"error","error":\#(text)}"#,
            #"{"type":"switch","provider":\#(text),"model":\#(text),"ts":"2026-11-22T10:00:03Z"}"#,
            #"{"type":"title","title":\#(Self.jsonString("Title " + Self.hostile))}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/\(id).jsonl", atomically: true, encoding: .utf8)

        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--session", id, "--provider", "ollama", "--model", "m"]))
        let title = try Self.arm(tmux)
        #expect(await tmux.wait(forText: "Enter send"))
        #expect(await tmux.wait(forText: "answer "), "the transcript is shown")
        try Self.expectUntouched(tmux, title: title, "--session")

        for format in ["text", "markdown"] {
            let (code, stdout, stderr) = try await NatterProcess.run(["show", id, "--format", format], home: home)
            #expect(code == 0, "stderr: \(stderr)")
            #expect(stdout.contains("question ") && stdout.contains("answer "))
            Self.expectPlain(stdout, "show --format \(format)")
            Self.expectPlain(stderr, "show's warnings")
        }
        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        Self.expectPlain(listed, "sessions")
        let (_, found, _) = try await NatterProcess.run(["sessions", "--search", "answer"], home: home)
        Self.expectPlain(found, "sessions --search")
    }
}

/// What counts as a control character for these checks: C0, DEL, C1, and the bidi controls.
enum TerminalTextProbe {
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
