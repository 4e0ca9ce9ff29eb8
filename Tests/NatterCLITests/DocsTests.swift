import Foundation
import Testing

/// What the help texts and the documents say agrees with the program (issue 29, point 6): docs/command-line.md
/// is every command's `--help`, written again by `bash scripts/update-docs`; every option the README or a
/// guide names is one some command takes; every `--json` event kind is in `natter --help`.
@Suite(.serialized) struct DocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every command path from `natter --help` down, following each help's SUBCOMMANDS section.
    static func commands(home: String) async throws -> [(path: [String], help: String)] {
        var found: [(path: [String], help: String)] = []
        var queue: [[String]] = [[]]
        while !queue.isEmpty {
            let path = queue.removeFirst()
            let (_, help, _) = try await NatterProcess.run(path + ["--help"], home: home)
            found.append((path, help))
            guard let section = help.components(separatedBy: "SUBCOMMANDS:").dropFirst().first else { continue }
            for line in section.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") && !line.contains("for detailed help") {
                if let name = line.split(separator: " ").first { queue.append(path + [String(name)]) }
            }
        }
        return found
    }

    static func reference(_ commands: [(path: [String], help: String)]) -> String {
        var out = """
            # Command line

            Every natter command's `--help`, as the program prints it (this file is made from it; `bash scripts/update-docs`
            writes it again).

            """
        for (path, help) in commands {
            out += "\n## natter\(path.map { " " + $0 }.joined())\n\n```text\n\(help.trimmingCharacters(in: .newlines))\n```\n"
        }
        return out
    }

    @Test func theCommandLineReferenceIsTheProgramsOwnHelp() async throws {
        let home = try Scratch.home()
        let commands = try await Self.commands(home: home)
        #expect(commands.count > 10)
        let made = Self.reference(commands)
        let path = Self.repository.appendingPathComponent("docs/command-line.md").path
        if ProcessInfo.processInfo.environment["NATTER_WRITE_DOCS"] == "1" { try Data(made.utf8).write(to: URL(fileURLWithPath: path)) }
        let kept = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(kept == made, "docs/command-line.md is stale: run bash scripts/update-docs")

        // Every option named in the README and the guides is one a command takes, and the reverse.
        let options = Set(commands.flatMap { Self.options(in: $0.help) })
        var named = Set<String>()
        let guides = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") && $0 != "command-line.md" }.map { "docs/" + $0 }
        for file in ["README.md"] + guides {
            let text = try String(contentsOfFile: Self.repository.appendingPathComponent(file).path, encoding: .utf8)
            // Lines about natter's own commands; the benchmark's and the install script's options are their own.
            for line in text.split(separator: "\n") where line.contains("natter") && !line.contains("natter-bench") && !line.contains("scripts/") {
                named.formUnion(Self.options(in: String(line)))
            }
        }
        #expect(named.subtracting(options).isEmpty, "named in the docs but taken by no command: \(named.subtracting(options).sorted())")
        let everyDoc = try ["README.md"] + FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let all = try everyDoc.map { try String(contentsOfFile: Self.repository.appendingPathComponent($0).path, encoding: .utf8) }.joined()
        #expect(options.filter { !all.contains($0) }.isEmpty, "in a help text but in no document: \(options.filter { !all.contains($0) }.sorted())")

        // The --json events: every kind natter emits is listed by --help, and the guide lists the same.
        let root = try #require(commands.first { $0.path.isEmpty }?.help)
        let kinds = ["start", "text", "reasoning", "tool_call", "tool_result", "usage", "cost", "compaction", "retrying", "finished", "cancelled", "error"]
        for kind in kinds { #expect(root.contains(kind), "--help names the \(kind) event") }
    }

    static func options(in text: String) -> Set<String> {
        var found = Set<String>()
        var rest = text[...]
        while let range = rest.range(of: "--") {
            let name = rest[range.upperBound...].prefix { $0.isLetter || $0 == "-" }
            if let first = name.first, first.isLetter { found.insert("--" + name) }
            rest = rest[range.upperBound...]
        }
        return found
    }
}
