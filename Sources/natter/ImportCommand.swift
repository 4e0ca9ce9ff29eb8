import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// `natter import FILE`: another tool's history, or a natter session file, kept as sessions (SPEC 14). Each line
/// says what became of a conversation as it is read; a second import of the same file makes nothing twice.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Keep ChatGPT's or Claude's exported conversations, or a natter session file, as sessions.",
        discussion: "FILE is conversations.json from ChatGPT's or Claude's data export, or a natter session (.jsonl). "
            + "Branches are kept; attached files are named and marked as not in the export.")

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    @Flag(help: "Say what would be imported, and write nothing.")
    var dryRun = false

    func run() throws {
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        try? FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let out = OutputStream.standardOutput
        var (imported, there, failed) = (0, 0, 0)
        do throws(ConversationImport.Refusal) {
            try ConversationImport.run(path: (file as NSString).expandingTildeInPath, into: store, dryRun: dryRun) { outcome in
                switch outcome {
                case .imported(let id, let title, let messages):
                    imported += 1
                    out.write("\(dryRun ? "would import" : "imported") \(id)  \(messages) msg  \(TerminalText.singleLine(title, limit: 80))\n")
                case .alreadyThere(let id, let title):
                    there += 1
                    out.write("already there \(id)  \(TerminalText.singleLine(title, limit: 80))\n")
                case .failed(let why):
                    failed += 1
                    OutputStream.standardError.write("natter: \(TerminalText.singleLine(why, limit: 300))\n")
                }
            }
        } catch {
            OutputStream.standardError.write("natter: \(TerminalText.singleLine(error.description, limit: 500))\n")
            throw ExitCode(1)
        }
        out.write("\(dryRun ? "would import" : "imported") \(imported), already there \(there)" + (failed > 0 ? ", failed \(failed)" : "") + "\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
