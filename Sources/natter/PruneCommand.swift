import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// `natter sessions prune --older-than 90d [--dry-run]`: deletes sessions last active before then, never a pinned
/// one. What it deletes is listed first, each line as it goes.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete sessions last active longer ago than a given age; pinned ones are kept.",
        discussion: "The age is a number and a unit: h (hours), d (days) or w (weeks), as in 90d.")

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Delete sessions last active before this long ago (90d, 12w, 36h).", valueName: "age"))
    var olderThan: SessionAge

    @Flag(help: "List what would be deleted, and delete nothing.")
    var dryRun = false

    func run() throws {
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        let doomed = store.prunable(before: Date().addingTimeInterval(-olderThan.seconds))
        let out = OutputStream.standardOutput
        guard !doomed.isEmpty else {
            OutputStream.standardError.write("natter: no unpinned session was last active more than \(olderThan.text) ago\n")
            return
        }
        out.write("\(dryRun ? "would delete" : "deleting") \(doomed.count) session\(doomed.count == 1 ? "" : "s") last active more than \(olderThan.text) ago:\n")
        for summary in doomed {
            out.write("  \(summary.id)  \(TranscriptExport.time(summary.lastActivity))  \(TerminalText.singleLine(summary.displayTitle, limit: 80))\n")
        }
        guard !dryRun else { return }
        let attachments = AttachmentStore(directory: NatterPaths().attachmentsDirectory)
        var failed = 0
        for summary in doomed {
            do throws(SessionLookupError) {
                try store.delete(id: summary.id, attachments: attachments)
            } catch {
                failed += 1
                OutputStream.standardError.write("natter: \(error.description)\n")
            }
        }
        out.write("deleted \(doomed.count - failed)\n")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// An age given on the command line: a whole number of hours, days or weeks, up to a thousand years.
struct SessionAge: ExpressibleByArgument {
    let seconds: TimeInterval
    let text: String

    init?(argument: String) {
        guard let unit = argument.last, let count = Int(argument.dropLast()), count > 0 else { return nil }
        let unitSeconds: TimeInterval
        switch unit {
        case "h": unitSeconds = 3600
        case "d": unitSeconds = 86_400
        case "w": unitSeconds = 7 * 86_400
        default: return nil
        }
        // Checked before multiplying: an absurd number is refused, never an overflow or a date before time began.
        guard Double(count) * unitSeconds <= 1000 * 365 * 86_400 else { return nil }
        seconds = Double(count) * unitSeconds
        text = argument
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
