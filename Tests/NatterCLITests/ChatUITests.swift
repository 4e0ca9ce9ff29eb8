import Foundation
import NatterTestSupport
import Testing

/// The full-screen UI, driven in tmux against loopback providers.
@Suite(.serialized) struct ChatUITests {
    static func sse(_ tokens: [String], done: Bool = true) -> [String] {
        PipeModeTests.sse(tokens, done: done)
    }

    static func provider(_ name: String, _ server: LoopbackServer, model: String) -> String {
        """
        { "name": "\(name)", "engine": "openai", "host": "\(server.url)/v1",
          "models": [ { "name": "\(model)", "context_window": 16384 } ], "retry": { "max_retries": 0 } }
        """
    }

    /// natter in tmux with the servers as providers (named, with one model each), ready for typing.
    static func open(_ providers: [(name: String, server: LoopbackServer, model: String)], arguments: [String]) async throws
        -> (home: String, tmux: TmuxSession)
    {
        let home = try Scratch.home()
        for provider in providers {
            try Scratch.provider(Self.provider(provider.name, provider.server, model: provider.model), named: provider.name, in: home)
        }
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: arguments))
        #expect(await tmux.wait(forText: "Enter send"))
        return (home, tmux)
    }

    /// Types a message and sends it.
    static func ask(_ tmux: TmuxSession, _ text: String) throws {
        try tmux.type(text)
        try tmux.send("Enter")
    }

    /// Lines of the session transcripts written under `home`, but the `partial` records of replies that
    /// streamed for more than a second.
    static func transcriptRecords(_ home: String) -> [String] {
        transcriptLines(home).filter { !$0.contains(#""type":"partial""#) }
    }

    /// Lines of the session transcripts written under `home`.
    static func transcriptLines(_ home: String) -> [String] {
        let directory = home + "/data/sessions"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.flatMap { file in
            ((try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test func chatStreamsAnAnswerAndSavesIt() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .stream(Self.sse(["The ", "answer ", "is ", "**forty-two**", "."]), pause: .milliseconds(20))
        }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await Self.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        #expect(tmux.screen().first?.contains("one · model-a") == true)
        try Self.ask(tmux, "What is the answer?")

        #expect(await tmux.wait(forText: "The answer is forty-two."))
        #expect(await tmux.wait { $0.joined().contains("Enter send") && !$0.joined().contains("▌") })
        let saved = Self.transcriptRecords(home)
        #expect(saved.count == 3)
        #expect(saved.contains { $0.contains("\"text\":\"What is the answer?\"") })
        #expect(saved.contains { $0.contains("\"text\":\"The answer is **forty-two**.\"") && $0.contains("\"finish\":\"stop\"") })

        try tmux.send("C-c")
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/stty.txt") })
        let modes = (try? String(contentsOfFile: home + "/stty.txt", encoding: .utf8)) ?? ""
        #expect(modes.contains(" icanon") && modes.contains(" echo "), "terminal restored to cooked mode: \(modes)")
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=0\n")
    }

    @Test func switchingProviderSendsTheWholeHistoryToTheNewOne() async throws {
        let first = try await LoopbackServer.start { _, _ in .stream(Self.sse(["first reply"])) }
        let second = try await LoopbackServer.start { _, _ in .stream(Self.sse(["second reply"])) }
        defer { Task { await first.stop(); await second.stop() } }
        let (home, tmux) = try await Self.open([("one", first, "model-a"), ("two", second, "model-b")], arguments: ["--provider", "one"])
        try Self.ask(tmux, "question one")
        #expect(await tmux.wait(forText: "first reply"))
        #expect(await tmux.wait { !$0.joined().contains("▌") })

        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "filter:"))
        try tmux.type("model-b")
        #expect(await tmux.wait(forText: "two"))
        try tmux.send("Enter")
        #expect(await tmux.wait { $0.first?.contains("two · model-b") == true })
        try Self.ask(tmux, "question two")
        #expect(await tmux.wait(forText: "second reply"))

        let body = try #require(second.requests.first { $0.method == "POST" }?.body)
        let sent = try #require((try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]))
        #expect(sent["model"] as? String == "model-b")
        #expect((sent["messages"] as? [[String: String]])?.map { $0["content"] ?? "" } == ["question one", "first reply", "question two"])
        let saved = Self.transcriptLines(home)
        #expect(saved.contains { $0.contains("\"type\":\"switch\"") && $0.contains("\"model\":\"model-b\"") })
        let settings = (try? String(contentsOfFile: home + "/config/config.json", encoding: .utf8)) ?? ""
        #expect(settings.contains("\"last_provider\" : \"two\""))
    }

    @Test func pageUpDuringAStreamHoldsTheViewAndEscCancels() async throws {
        let lines = (1...3000).map { "line \($0)\n\n" }
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(lines), pause: .milliseconds(15)) }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await Self.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try Self.ask(tmux, "long please")
        #expect(await tmux.wait(forText: "line 40"))
        try tmux.send("PPage")
        #expect(await tmux.wait(forText: "more below"))
        let held = Array(tmux.screen()[1..<20])
        // The stream goes on below; the held view must not move.
        #expect(await tmux.wait(forText: "tok/s"))
        let later = await tmux.wait(timeout: .seconds(2)) { screen in Array(screen[1..<20]) != held }
        #expect(!later, "the view moved while held")
        #expect(server.requests.count == 1)

        try tmux.send("Escape")
        try tmux.send("End")
        #expect(await tmux.wait(forText: "⏹ cancelled"))
        #expect(await tmux.wait { _ in Self.transcriptLines(home).contains { $0.contains("\"finish\":\"cancelled\"") } })
    }

    @Test func resizeMidStreamReLaysOutAndTheStreamFinishes() async throws {
        let words = (1...120).map { "w\($0) " }
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(words + ["END"]), pause: .milliseconds(10)) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try Self.ask(tmux, "go")
        #expect(await tmux.wait(forText: "w30"))
        try tmux.resize(width: 50, height: 16)
        #expect(await tmux.wait(forText: "END"))
        let screen = tmux.screen()
        #expect(screen.count == 16)
        #expect(screen.first?.hasPrefix(" natter") == true)
        #expect(screen.allSatisfy { $0.count <= 50 })
        #expect(screen.contains { $0.contains("w120 END") || $0.contains("END") })

        try tmux.resize(width: 30, height: 8)
        #expect(await tmux.wait(forText: "Terminal too small"))
        try tmux.resize(width: 40, height: 10)
        #expect(await tmux.wait { $0.first?.hasPrefix(" natter") == true })
    }

    @Test func escapeSequencesInAReplyNeverReachTheTerminal() async throws {
        let hostile = ["safe start ", "\u{1B}[2J\u{1B}[H", "\u{1B}]52;c;SGVsbG8=\u{07}", "\u{1B}[31mred\u{1B}[0m", "\r\u{08}", " safe end"]
        let server = try await LoopbackServer.start { _, _ in .stream(Self.sse(hostile)) }
        defer { Task { await server.stop() } }
        let (_, tmux) = try await Self.open([("one", server, "model-a")], arguments: ["--provider", "one"])
        try Self.ask(tmux, "be hostile")
        #expect(await tmux.wait(forText: "safe end"))
        let screen = tmux.screen()
        #expect(screen.first?.hasPrefix(" natter") == true, "the header survived a clear-screen sequence")
        #expect(screen.contains { $0.contains("be hostile") }, "the question is still on screen")
        #expect(screen.contains { $0.contains("safe start [2J[H]52;c;SGVsbG8=[31mred[0m safe end") })
    }

    @Test func helpListsTheKeys() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]), width: 100, height: 40)
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("F1")
        // The whole overlay, not just its title: tmux can be read while a frame is half written.
        let keys = ["Ctrl+P", "Ctrl+J, Alt+Enter", "Ctrl+N", "Ctrl+R", "Ctrl+G", "Ctrl+Y", "F2", "Ctrl+Z"]
        #expect(await tmux.wait(until: { screen in keys.allSatisfy { screen.joined(separator: "\n").contains($0) } }), "help names every key: \(tmux.text)")
        try tmux.send("Escape")
        #expect(await tmux.wait { !$0.joined().contains("╭─ Keys") })
    }

    @Test func atFortyByTenTheHelpScrollsToEveryKey() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]), width: 40, height: 10)
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("F1")
        // "↓ 1–5 of N": it says there is more, and how much.
        var total = 0
        #expect(await tmux.wait { screen in
            guard let line = screen.first(where: { $0.contains("1–") && $0.contains(" of ") }),
                let number = line.split(separator: " ").drop(while: { $0 != "of" }).dropFirst().first.flatMap({ Int($0.filter(\.isNumber)) })
            else { return false }
            total = number
            return true
        }, "it says there is more: \(tmux.text)")
        #expect(total > 100, "every context's keys are listed: \(total)")
        #expect(!tmux.text.contains("This help"))
        for _ in 0..<total { try tmux.send("Down") }
        #expect(await tmux.wait(forText: "This help"), "the last context is reached: \(tmux.text)")
        #expect(await tmux.wait(forText: "of \(total)"))
    }
}

/// Keys and signals that hand the terminal to something else, and back.
@Suite(.serialized) struct ChatUITerminalTests {
    @Test func ctrlGEditsTheDraftInTheEditor() async throws {
        let home = try Scratch.home()
        let editor = home + "/editor.sh"
        try Data("#!/bin/sh\nprintf '%s and more from the editor' \"$(cat \"$1\")\" > \"$1\"\n".utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let tmux = try TmuxSession(
            NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"], environment: ["EDITOR": editor]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.type("my draft")
        try tmux.send("C-g")
        #expect(await tmux.wait(forText: "› my draft and more from the editor"))
        #expect(tmux.screen().first?.hasPrefix(" natter") == true, "the screen is drawn again after the editor")
    }

    /// An editor that reads the terminal, as vim and nano do: it must be the terminal's foreground job (a
    /// process group of its own would stop it at its first read, and natter with it).
    @Test func ctrlGWithAnEditorThatReadsTheTerminal() async throws {
        let home = try Scratch.home()
        let editor = home + "/asking-editor.sh"
        try Data("#!/bin/sh\nprintf 'replace the draft with: '\nread line\nprintf '%s' \"$line\" > \"$1\"\n".utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let tmux = try TmuxSession(
            NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"], environment: ["EDITOR": editor]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.type("old draft")
        try tmux.send("C-g")
        #expect(await tmux.wait(forText: "replace the draft with:"), "\(tmux.text)")
        try tmux.type("typed in the editor")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "› typed in the editor"), "\(tmux.text)")
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "Enter send"))
        let shell = try #require(tmux.panePID)
        let natter = try #require(ProcessChildren.of(shell).first)
        kill(natter, SIGTERM)
        #expect(await tmux.wait { _ in FileManager.default.fileExists(atPath: home + "/stty.txt") })
        let modes = (try? String(contentsOfFile: home + "/stty.txt", encoding: .utf8)) ?? ""
        #expect(modes.contains(" icanon") && modes.contains(" echo "), "cooked mode after SIGTERM: \(modes)")
        #expect((try? String(contentsOfFile: home + "/exit.txt", encoding: .utf8)) == "EXIT=143\n", "128 + SIGTERM")
    }

    @Test func ctrlTSwitchesThemeAndRemembersIt() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(
            NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"], environment: ["NO_COLOR": "1"]))
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-t")
        #expect(await tmux.wait(forText: "● dark"))
        #expect(tmux.text.contains("monochrome") && tmux.text.contains("high-contrast") && tmux.text.contains("light"))
        try tmux.send("Down")
        try tmux.send("Enter")
        #expect(await tmux.wait { _ in
            ((try? String(contentsOfFile: home + "/config/config.json", encoding: .utf8)) ?? "").contains("\"theme\"")
        })
        #expect(await tmux.wait { !$0.joined(separator: "\n").contains("╭─ Theme") })
    }
}

/// Child processes of a process, from /proc.
enum ProcessChildren {
    /// The command name of a process (`comm`), nil once it is gone.
    static func name(_ pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The state letter of a process (R, S, T, Z…), nil once it is gone.
    static func state(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    static func of(_ parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == parent
        }
    }
}
