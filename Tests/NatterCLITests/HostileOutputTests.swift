import Foundation
import NatterTestSupport
import Testing

/// Every command's output over hostile inputs carries no ESC and no C1 control (issue 28, point 8): provider
/// files, a model list, roles, transcripts, mcp.json, OAuth names and server answers all hold an OSC that would
/// retitle the terminal, an SGR, a C1 CSI and a bidi override. The table is checked against `natter --help`, so
/// a command added later without a row fails here until it gets one.
@Suite(.serialized) struct HostileOutputTests {
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[31mRED\u{9B}2J\u{202E}evil"

    /// The JSON text of `hostile` (its escapes as JSON writes them).
    static var json: String { String(decoding: try! JSONEncoder().encode(hostile), as: UTF8.self) }

    static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value == 0x1B || (0x80...0x9F).contains($0.value) }
    }

    /// A home where every file natter reads is hostile, and a session `hostile01` to show.
    static func home(_ server: LoopbackServer) throws -> String {
        let home = try Scratch.home()
        let config = home + "/config"
        try Scratch.provider(
            """
            { "name": "evil", "engine": "openai", "host": "\(server.url)/v1", "display_name": \(json),
              "models": [ { "name": \(json), "context_window": 8192 } ],
              "auth": { "type": "header", "header_name": "Authorization", "header_value": "Bearer ${EVIL_KEY}" },
              "retry": { "max_retries": 0 } }
            """, named: "evil", in: home)
        try Scratch.provider("{ \"name\": \(json), \"engine\": ", named: "broken", in: home)
        try FileManager.default.createDirectory(atPath: config + "/roles", withIntermediateDirectories: true)
        try "---\nprovider: \(hostile)\nmodel: \(hostile)\n---\nYou are \(hostile).\n".write(toFile: config + "/roles/evil.md", atomically: true, encoding: .utf8)
        try "---\nseed: \(hostile)\n---\nx".write(toFile: config + "/roles/broken.md", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: config + "/prompts", withIntermediateDirectories: true)
        try "---\ndescription: \(hostile)\nmodel: \(hostile)\n---\nSay \(hostile) {{sh:echo \(hostile)}} {{file:\(hostile)}}\n"
            .write(toFile: config + "/prompts/evil.md", atomically: true, encoding: .utf8)
        try "---\nseed: \(hostile)\n---\nx {{\(hostile)}}".write(toFile: config + "/prompts/broken.md", atomically: true, encoding: .utf8)
        try Data(MCPTestServers.file([("bad\(hostile.prefix(4))", "{\"command\": \(json)}")]).utf8).write(to: URL(fileURLWithPath: config + "/mcp.json"))
        let sessions = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        let lines = [
            #"{"type":"session","id":"hostile01","created":"2026-12-01T12:00:00Z","version":2}"#,
            #"{"type":"title","title":\#(json)}"#,
            #"{"type":"message","id":"a","role":"user","parts":[{"type":"text","text":\#(json)}],"ts":"2026-12-01T12:00:01Z"}"#,
            #"{"type":"message","id":"b","parent":"a","role":"assistant","parts":[{"type":"reasoning","text":\#(json)},{"type":"text","text":\#(json)},{"type":"tool_call","id":"c","name":\#(json),"server":\#(json),"arguments":\#(json)}],"provider":\#(json),"model":\#(json),"ts":"2026-12-01T12:00:02Z","finish":"error","error":\#(json)}"#,
            #"{"type":"message","id":"c2","parent":"a","role":"assistant","parts":[{"type":"text","text":\#(json)}],"provider":"evil","model":"m","ts":"2026-12-01T12:00:03Z","finish":"stop"}"#,
            #"{"type":"switch","provider":\#(json),"model":\#(json)}"#,
            "{\"type\":\"message\",\"id\":\"torn\u{1B}",
        ]
        try (lines.joined(separator: "\n")).write(toFile: sessions + "/hostile01.jsonl", atomically: true, encoding: .utf8)
        // A ChatGPT export whose title, text and model carry the attack, for `natter import`.
        let export = #"[{"title":\#(json),"create_time":1733500000,"conversation_id":"x1","current_node":"u","mapping":{"u":{"id":"u","parent":null,"children":[],"message":{"id":"u","author":{"role":"user"},"content":{"content_type":"text","parts":[\#(json)]},"metadata":{"model_slug":\#(json)}}}}}]"#
        try export.write(toFile: Self.exportPath, atomically: true, encoding: .utf8)
        return home
    }

    static let exportPath = NSTemporaryDirectory() + "natter-hostile-export-\(UUID().uuidString).json"

    /// Every command and the arguments it runs with here; stdin where it asks.
    static let table: [String: [(arguments: [String], stdin: String?)]] = [
        "providers": [(["providers"], nil), (["providers", "--json"], nil)],
        "models": [(["models", "evil"], nil), (["models", "broken"], nil)],
        "sessions": [(["sessions"], nil), (["sessions", "--search", "RED"], nil)],
        "show": [(["show", "hostile01"], nil), (["show", "hostile01", "--tree"], nil), (["show", "hostile01", "--format", "markdown"], nil)],
        "export": [
            (["export", "hostile01", "-o", "-"], nil), (["export", "hostile01", "--tree", "-o", "-", "--format", "text"], nil),
            (["export", "hostile01", "-o", "-", "--format", "html"], nil),
        ],
        "import": [(["import", exportPath], nil), (["import", exportPath], nil), (["import", exportPath + "\(hostile)"], nil)],
        "configure": [(["configure", "test", "evil"], nil), (["configure", "remove", "evil"], "n\n"), (["configure", "edit", "nope\(hostile)"], nil)],
        "login": [(["login", "evil"], nil), (["login", "nope\(hostile)"], nil)],
        "logout": [(["logout", "nope\(hostile)"], nil)],
        "mcp": [(["mcp"], nil), (["mcp", "tools"], nil)],
        "roles": [(["roles"], nil)],
        "prompts": [(["prompts"], nil)],
        "doctor": [(["doctor"], nil), (["doctor", "--check", "--json"], nil)],
    ]

    @Test func everyCommandsOutputOverHostileInputsCarriesNoEscapeOrC1() async throws {
        let server = try await LoopbackServer.start { request, _ in
            let json = Self.json
            if request.path.hasSuffix("/models") { return .json(#"{"object":"list","data":[{"id":\#(json)},{"id":"plain"}]}"#) }
            return .json(#"{"error":{"message":\#(json),"type":"invalid_request_error"}}"#, status: 400)
        }
        defer { Task { await server.stop() } }
        let home = try Self.home(server)
        let environment = ["EVIL_KEY": "k-1"]

        let (_, help, _) = try await NatterProcess.run(["--help"], home: home)
        let listed = help.components(separatedBy: "SUBCOMMANDS:").last?.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), !line.contains("natter help") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        } ?? []
        #expect(!listed.isEmpty)
        #expect(Set(listed) == Set(Self.table.keys), "every command has a row: \(listed)")

        for (command, runs) in Self.table.sorted(by: { $0.key < $1.key }) {
            for run in runs {
                let (_, stdout, stderr) = try await NatterProcess.run(run.arguments, home: home, environment: environment, stdin: run.stdin)
                #expect(Self.isClean(stdout), "\(command) \(run.arguments.dropFirst()) stdout: \(stdout.debugDescription.prefix(400))")
                #expect(Self.isClean(stderr), "\(command) \(run.arguments.dropFirst()) stderr: \(stderr.debugDescription.prefix(400))")
            }
        }
        // Pipe mode: its errors (the server's message echoes the attack) are cleaned too.
        let (_, _, pipeErr) = try await NatterProcess.run(["-p", "hi", "--provider", "evil", "--model", "plain", "--no-save"], home: home, environment: environment)
        #expect(pipeErr.contains("RED") && Self.isClean(pipeErr), "\(pipeErr.debugDescription)")
    }
}
