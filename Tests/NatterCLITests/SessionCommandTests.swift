import Foundation
import NatterTestSupport
import Testing

/// `natter sessions`, `show`, `export`, `-c` and `--session`, run as a person runs them.
@Suite struct SessionCommandTests {
    static let sessionA = "20261120-100000-aaaaaa"
    static let sessionB = "20261121-100000-bbbbbb"

    /// Two saved sessions: one with a switch, a skipped line and an interrupted reply; one renamed.
    static func homeWithSessions() throws -> String {
        let home = try Scratch.home()
        let folder = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let first = [
            #"{"type":"session","id":"20261120-100000-aaaaaa","created":"2026-11-20T10:00:00Z","version":1}"#,
            #"{"type":"message","role":"user","content":"Tell me about Café culture","provider":"local","model":"local-model","ts":"2026-11-20T10:00:01Z"}"#,
            #"{"type":"message","role":"assistant","content":"Cafés line the boulevards.","provider":"local","model":"local-model","ts":"2026-11-20T10:00:05Z","finish":"stop"}"#,
            "a line of garbage",
            #"{"type":"reaction","emoji":"+1"}"#,
            #"{"type":"switch","provider":"other","model":"big","ts":"2026-11-20T10:01:00Z"}"#,
            #"{"type":"message","role":"user","content":"and Vienna?","provider":"other","model":"big","ts":"2026-11-20T10:01:01Z"}"#,
            #"{"type":"message","role":"assistant","content":"Kaffeehaus","provider":"other","model":"big","ts":"2026-11-20T10:01:03Z","finish":"interrupted","error":"interrupted: the connection dropped"}"#,
        ]
        try (first.joined(separator: "\n") + "\n" + #"{"type":"mess"#).write(toFile: folder + "/\(sessionA).jsonl", atomically: true, encoding: .utf8)
        let second = [
            #"{"type":"session","id":"20261121-100000-bbbbbb","created":"2026-11-21T10:00:00Z","version":1}"#,
            #"{"type":"message","role":"user","content":"explain lifetimes","provider":"local","model":"local-model","ts":"2026-11-21T10:00:01Z"}"#,
            #"{"type":"title","title":"Rust lifetimes"}"#,
        ]
        try (second.joined(separator: "\n") + "\n").write(toFile: folder + "/\(sessionB).jsonl", atomically: true, encoding: .utf8)
        return home
    }

    static func local(_ minute: Int) -> String {
        TimeFormat.local(Date(timeIntervalSince1970: 1_795_168_800 + Double(minute) * 60))
    }

    @Test func aSessionWithKnownPricesHasACostInTheListAndItsJSON() async throws {
        let home = try Self.homeWithSessions()
        let priced = [
            #"{"type":"session","id":"20261122-100000-cccccc","created":"2026-11-22T10:00:00Z","version":2}"#,
            #"{"type":"message","id":"a","role":"user","parts":[{"type":"text","text":"price me"}],"provider":"openai","model":"gpt-5.4","ts":"2026-11-22T10:00:01Z"}"#,
            #"{"type":"message","id":"b","parent":"a","role":"assistant","parts":[{"type":"text","text":"ok"}],"provider":"openai","model":"gpt-5.4","ts":"2026-11-22T10:00:02Z","finish":"stop","usage":{"input_tokens":300,"output_tokens":20,"cost":0.00105}}"#,
            #"{"type":"message","id":"c","parent":"a","role":"assistant","parts":[{"type":"text","text":"again"}],"provider":"openai","model":"gpt-5.4","ts":"2026-11-22T10:00:03Z","finish":"stop","usage":{"input_tokens":300,"output_tokens":20,"cost":0.00105}}"#,
        ]
        try (priced.joined(separator: "\n") + "\n").write(toFile: home + "/data/sessions/20261122-100000-cccccc.jsonl", atomically: true, encoding: .utf8)
        let (code, stdout, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(code == 0)
        let lines = stdout.split(separator: "\n").map { String($0) }
        #expect(lines[0].split(separator: " ") == ["ID", "LAST", "ACTIVITY", "MSGS", "COST", "MODEL", "TITLE"], "\(stdout)")
        #expect(lines[1].contains("  $0.0021  openai · gpt-5.4"), "both branches were paid for: \(lines[1])")
        #expect(!lines[2].contains("$") && lines[2].contains("local · local-model"), "no price, no amount: \(lines[2])")
        let (_, json, _) = try await NatterProcess.run(["sessions", "--json"], home: home)
        let rows = try json.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(rows[0]["cost"] as? Double == 0.0021)
        #expect(rows[1]["cost"] == nil)
    }

    @Test func sessionsListsNewestFirstAsATable() async throws {
        let home = try Self.homeWithSessions()
        let (code, stdout, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(code == 0)
        let lines = stdout.split(separator: "\n").map { String($0) }
        #expect(lines.count == 3)
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["ID", "LAST", "ACTIVITY", "MSGS", "MODEL", "TITLE"])
        #expect(lines[1].hasPrefix("\(Self.sessionB)  \(Self.local(24 * 60))  1     local · local-model  Rust lifetimes"))
        #expect(lines[2].hasPrefix("\(Self.sessionA)  \(Self.local(1))  4     other · big"))
        #expect(lines[2].hasSuffix("Tell me about Café culture"))
    }

    @Test func sessionsJSONAndSearch() async throws {
        let home = try Self.homeWithSessions()
        let (_, json, _) = try await NatterProcess.run(["sessions", "--json"], home: home)
        let rows = json.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.map { $0["id"] as? String } == [Self.sessionB, Self.sessionA])
        #expect(rows[1]["models"] as? [String] == ["local · local-model", "other · big"])
        #expect(rows[1]["messages"] as? Int == 4)

        let (code, found, _) = try await NatterProcess.run(["sessions", "--search", "CAFÉ"], home: home)
        #expect(code == 0)
        #expect(
            found.split(separator: "\n") == [
                "\(Self.sessionA)  Tell me about Café culture", "  #1 you: Tell me about Café culture",
                "  #2 reply: Cafés line the boulevards.",
            ])
        let (missing, _, stderr) = try await NatterProcess.run(["sessions", "--search", "zebra"], home: home)
        #expect(missing == 1)
        #expect(stderr.contains("\"zebra\" is in no saved session"))
    }

    @Test func showPrintsTheTranscriptAndSaysWhatItSkipped() async throws {
        let home = try Self.homeWithSessions()
        let path = home + "/data/sessions/\(Self.sessionA).jsonl"
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let (code, stdout, stderr) = try await NatterProcess.run(["show", "20261120"], home: home)

        #expect(code == 0)
        #expect(stderr.contains("skipped 2 unreadable lines (4, 5)"))
        #expect(stderr.contains("the last line was cut off"))
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        #expect(lines[0] == "Tell me about Café culture")
        #expect(lines.contains("-- switched to other · big --"))
        #expect(lines.contains("Kaffeehaus"))
        #expect(lines.contains("[interrupted: the connection dropped]"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "reading never rewrites the file")

        let (_, markdown, _) = try await NatterProcess.run(["show", Self.sessionB, "--format", "markdown"], home: home)
        #expect(markdown.split(separator: "\n").first == "# Rust lifetimes")
        let (_, json, _) = try await NatterProcess.run(["show", Self.sessionB, "--format", "json"], home: home)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["records"] as? [Any])?.count == 3)
    }

    @Test func badIdsAreRefusedInOneLine() async throws {
        let home = try Self.homeWithSessions()
        for (name, message) in [
            ("2026112", "\"2026112\" could be any of 2 sessions"), ("1999", "no session \"1999\""),
            ("../../etc/passwd", "is not a session id"),
        ] {
            let (code, stdout, stderr) = try await NatterProcess.run(["show", name], home: home)
            #expect(code == 1)
            #expect(stdout.isEmpty)
            #expect(stderr.contains(message), "\(name): \(stderr)")
        }
    }

    @Test func exportWritesMarkdownToAFile() async throws {
        let home = try Self.homeWithSessions()
        let target = home + "/out.md"
        let (code, _, stderr) = try await NatterProcess.run(["export", "20261121", "-o", target], home: home)
        #expect(code == 0)
        #expect(stderr.contains("wrote 1 messages to \(target)"))
        let lines = try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == ["# Rust lifetimes", "", "*session `\(Self.sessionB)` · \(Self.local(24 * 60))*", "", "## You", "", "explain lifetimes", ""])
    }

    @Test func continueSendsTheOldHistoryAndAppendsToTheSameFile() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["continued"])) }
        defer { Task { await server.stop() } }
        let home = try Self.homeWithSessions()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-c", "-p", "and then?", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "continued\n")
        let body = try #require(server.requests.first?.bodyText)
        #expect(body.contains("explain lifetimes") && body.contains("and then?"), "the newest session's history went along")
        let saved = try String(contentsOfFile: home + "/data/sessions/\(Self.sessionB).jsonl", encoding: .utf8)
        #expect(saved.contains("\"text\":\"and then?\"") && saved.contains("\"text\":\"continued\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions").filter { $0.hasSuffix(".jsonl") }.count == 2)

        // --session picks an older one by prefix; its last provider is gone, so the flag's is used and recorded.
        let (again, _, _) = try await NatterProcess.run(
            ["--session", "20261120", "-p", "more", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(again == 0)
        let second = try #require(server.requests.last?.bodyText)
        #expect(second.contains("Tell me about Café culture") && second.contains("and Vienna?"))
        #expect(second.contains("Kaffeehaus"), "an interrupted reply with text is still history")
        let older = try String(contentsOfFile: home + "/data/sessions/\(Self.sessionA).jsonl", encoding: .utf8)
        #expect(older.contains(#""type":"switch""#) && older.contains(#""provider":"local""#))
        #expect(older.contains("{\"type\":\"mess\n"), "the torn line was ended before appending")
    }
}

/// Times as natter prints them: local time, to the minute.
enum TimeFormat {
    static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
