import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// `natter sessions`: saved conversations, newest activity first, or the places a word was said.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List saved sessions, newest first (id, last activity, messages, model, title), or search them all.",
        // --json is the root command's flag, so the usage line and the discussion name it here.
        usage: "natter sessions [--search <text>] [--limit <n>] [--archived] [--json]\n       natter sessions pin|unpin|archive|unarchive <id>\n       natter sessions prune --older-than <age> [--dry-run]",
        discussion: "Pinned sessions come first; archived ones are listed only with --archived. --json: one JSON object per session (or per hit with --search), one per line.",
        subcommands: [PinCommand.self, UnpinCommand.self, ArchiveCommand.self, UnarchiveCommand.self, PruneCommand.self])

    @Option(help: "Search every transcript for this text (case-insensitive) and print each matching line.")
    var search: String?

    @Option(help: "Show at most this many sessions.")
    var limit: Int?

    @Flag(help: "List the archived sessions (and search only them) instead of the others.")
    var archived = false

    /// `--json` (one JSON object per line) belongs to the root command, which takes its options wherever they
    /// stand on the line, even after a subcommand; so it is read from there.
    @OptionGroup(visibility: .private) var root: Natter
    var json: Bool { root.json }

    func run() throws {
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        let summaries = Array(store.list().filter { $0.archived == archived }.prefix(limit ?? .max))
        let out = OutputStream.standardOutput
        if let text = search {
            guard let search = TranscriptSearch(text) else { throw ValidationError("Nothing to search for.") }
            try printHits(search, summaries: summaries, store: store, out: out)
            return
        }
        if json {
            for summary in summaries { out.write(SessionRow.json(summary) + "\n") }
        } else if summaries.isEmpty {
            OutputStream.standardError.write(archived ? "natter: no archived sessions\n" : "natter: no saved sessions yet in \(store.directory)\n")
        } else {
            out.write(SessionRow.table(summaries))
        }
    }

    private func printHits(_ search: TranscriptSearch, summaries: [SessionSummary], store: SessionStore, out: OutputStream) throws {
        let titles = Dictionary(summaries.map { ($0.id, $0.displayTitle) }, uniquingKeysWith: { first, _ in first })
        // On a terminal the match is shown in reverse video; in a pipe the line is left as it was written.
        let (open, close) = out.isTerminal ? ("\u{1B}[7m", "\u{1B}[27m") : ("", "")
        var found = 0
        search.run(in: store, ids: summaries.map(\.id), shouldStop: { false }) { hits in
            found += hits.count
            if json {
                for hit in hits { out.write(SessionRow.json(hit) + "\n") }
                return
            }
            let id = hits[0].sessionID
            out.write("\(id)  \(TerminalText.singleLine(titles[id] ?? "", limit: 80))\n")
            for hit in hits {
                let who = hit.role == .user ? "you" : "reply"
                let line = [hit.before, hit.match, hit.after].map { TerminalText.sanitized($0, keepNewlines: false) }
                out.write("  #\(hit.position) \(who): \(line[0])\(open)\(line[1])\(close)\(line[2])\n")
            }
        }
        if found == 0 {
            OutputStream.standardError.write("natter: \"\(TerminalText.singleLine(search.query, limit: 80))\" is in no saved session\n")
            throw ExitCode(1)
        }
    }
}

/// How a session or a hit is printed by `natter sessions`.
enum SessionRow {
    /// The COST column is there when some session has a known cost; a list of local models has none.
    static func table(_ summaries: [SessionSummary]) -> String {
        let showsCost = summaries.contains { $0.cost != nil }
        let rows = summaries.map { summary in
            [
                summary.id, TranscriptExport.time(summary.lastActivity), "\(summary.messageCount)",
                showsCost ? summary.cost.map { DollarAmount.text($0) + (summary.cachePercent.map { " (cache \($0) %)" } ?? "") } ?? "" : nil, TerminalText.singleLine(summary.currentModel ?? "-", limit: 40),
                TerminalText.singleLine(summary.displayTitle, limit: 80) + (summary.isForeign ? " (not a natter transcript)" : "")
                    + (summary.onlyFailed ? " (failed: no reply)" : "") + (summary.pinned ? " (pinned)" : ""),
            ].compactMap { $0 }
        }
        let header = ["ID", "LAST ACTIVITY", "MSGS", showsCost ? "COST" : nil, "MODEL", "TITLE"].compactMap { $0 }
        let all = [header] + rows
        let padded = header.count - 1  // the title, last, is not padded
        let widths = (0..<padded).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            (0..<padded).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[padded]
        }.joined(separator: "\n") + "\n"
    }

    static func json(_ summary: SessionSummary) -> String {
        struct Row: Encodable {
            var id: String
            var title: String
            var named: Bool
            var created: String?
            var lastActivity: String
            var messages: Int
            var models: [String]
            var provider: String?
            var model: String?
            /// US dollars, rounded to a millionth of a cent; left out when no price was known.
            var cost: Double?
            /// Input tokens counted, and those read from a prompt cache.
            var inputTokens: Int?
            var cacheRead: Int?
            var pinned: Bool
            var archived: Bool
        }
        let iso = ISO8601DateFormatter()
        return JSONLine.encode(
            Row(
                id: summary.id, title: summary.displayTitle, named: summary.title != nil,
                created: summary.created.map { iso.string(from: $0) }, lastActivity: iso.string(from: summary.lastActivity),
                messages: summary.messageCount, models: summary.models, provider: summary.lastProvider, model: summary.lastModel,
                cost: summary.cost.map { ($0 * 1e8).rounded() / 1e8 }, inputTokens: summary.inputTokens, cacheRead: summary.cacheReadTokens,
                pinned: summary.pinned, archived: summary.archived),
            snakeCaseKeys: true)
    }

    static func json(_ hit: SearchHit) -> String {
        struct Row: Encodable {
            var session: String
            var message: Int
            var id: String
            var role: String
            var before: String
            var match: String
            var after: String
        }
        return JSONLine.encode(
            Row(session: hit.sessionID, message: hit.position, id: hit.messageID, role: hit.role.rawValue, before: hit.before, match: hit.match, after: hit.after))
    }
}
