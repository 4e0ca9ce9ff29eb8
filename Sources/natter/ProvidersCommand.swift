import ArgumentParser
import Foundation
import NatterProviders

/// `natter providers`: every provider and whether it can be used now, plus every file that could not be read.
struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List every provider with its engine, host and status (ready / missing VAR / invalid file; a local server running or not).",
        // --json is the root command's flag (argument-parser gives a parent's flag to the parent wherever it
        // stands), so the usage line and the discussion name it here.
        usage: "natter providers [--json]",
        discussion: "--json: one JSON object per provider, one per line.")

    /// `--json` (one JSON object per line) belongs to the root command, which takes its options wherever they
    /// stand on the line, even after a subcommand; so it is read from there.
    @OptionGroup(visibility: .private) var root: Natter
    var json: Bool { root.json }

    func run() async throws {
        let startup = Startup()
        // The local servers are asked, all at once with a short connect limit: one that is not running is said
        // so, with the address tried, never "ready" (issue 31).
        let probed = await LocalServerProbe.probe(
            registry: startup.registry, environment: startup.environment, connectLimit: LocalServerProbe.commandConnectLimit,
            answerLimit: LocalServerProbe.commandAnswerLimit)
        let running = Dictionary(probed.compactMap { result in result.status.map { (result.name, $0) } }) { first, _ in first }
        let rows = ProviderTable.rows(registry: startup.registry, environment: startup.environment, local: running)
        let out = OutputStream.standardOutput
        if json {
            for row in rows { out.write(row.json + "\n") }
        } else {
            out.write(ProviderTable.render(rows, width: TerminalWidth.columns()))
        }
    }
}

/// One line of `natter providers`, from a registry entry or an unreadable file.
struct ProviderRow {
    var name: String
    var engine: String
    var source: String
    var host: String
    var status: String

    var json: String {
        JSONLine.encode(["name": name, "engine": engine, "source": source, "host": host, "status": status])
    }
}

enum ProviderTable {
    /// - Parameter local: what the local servers' probe found, by provider name: their status in place of "ready".
    static func rows(registry: ProviderRegistry, environment: [String: String], local: [String: String] = [:]) -> [ProviderRow] {
        var rows = registry.entries.map { entry in
            ProviderRow(
                name: entry.name, engine: entry.metadata.engine, source: source(entry.origin),
                host: displayHost(entry, environment: environment),
                status: local[entry.name] ?? entry.status(environment: environment).description)
        }
        for problem in registry.problems {
            let stem = URL(fileURLWithPath: problem.path).deletingPathExtension().lastPathComponent
            rows.append(
                ProviderRow(
                    name: stem, engine: "-", source: problem.path, host: "-",
                    status: "invalid file: \(problem.reason)"))
        }
        return rows.map { row in
            // Names, hosts and reasons come from files a person may not have written; keep them one clean line.
            ProviderRow(
                name: TerminalText.singleLine(row.name, limit: 40), engine: row.engine,
                source: TerminalText.singleLine(row.source, limit: 200), host: TerminalText.singleLine(row.host, limit: 200),
                status: TerminalText.singleLine(row.status, limit: 300))
        }
    }

    /// The table, fitted to `width` columns when given (a terminal, or COLUMNS): paths keep their end (the
    /// file's name), hosts and statuses their start, and a cut says so with "…".
    static func render(_ rows: [ProviderRow], width: Int? = nil) -> String {
        let header = ProviderRow(name: "NAME", engine: "ENGINE", source: "SOURCE", host: "HOST", status: "STATUS")
        let all = [header] + rows
        let nameWidth = all.map(\.name.count).max() ?? 0
        let engineWidth = all.map(\.engine.count).max() ?? 0
        var sourceWidth = all.map(\.source.count).max() ?? 0
        var hostWidth = all.map(\.host.count).max() ?? 0
        var statusWidth = all.map(\.status.count).max() ?? 0
        if let width {
            let room = max(36, width - nameWidth - engineWidth - 8)
            // The status matters most ("missing ANTHROPIC_API_KEY" must stay whole), then the host, then the source.
            if sourceWidth + hostWidth + statusWidth > room {
                statusWidth = min(statusWidth, max(26, room / 2))
                hostWidth = min(hostWidth, max(12, (room - statusWidth) * 3 / 5))
                sourceWidth = max(8, room - statusWidth - hostWidth)
            }
        }
        return all.map { row in
            [
                pad(row.name, nameWidth), pad(row.engine, engineWidth), pad(keepingEnd(row.source, sourceWidth), sourceWidth),
                pad(keepingStart(row.host, hostWidth), hostWidth), keepingStart(row.status, statusWidth),
            ].joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func keepingStart(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    private static func keepingEnd(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : "…" + String(text.suffix(max(0, width - 1)))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func source(_ origin: ProviderRegistry.Origin) -> String {
        switch origin {
        case .builtin: return "built-in"
        case .swift: return "swift"
        case .file(let path): return path
        }
    }

    /// The host as requests will use it when its variables are set; as written when they are not.
    private static func displayHost(_ entry: ProviderRegistry.Entry, environment: [String: String]) -> String {
        let template = entry.metadata.host
        let defaults = entry.definition?.variableDefaults ?? [:]
        let expanded = try? EnvironmentTemplate.expand(template) { name in
            environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? defaults[name]
        }
        return expanded ?? template
    }
}
