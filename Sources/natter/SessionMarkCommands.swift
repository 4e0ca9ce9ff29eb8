import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// `natter sessions pin|unpin|archive|unarchive ID`: a mark set or cleared by a record appended to the session's
/// transcript (SPEC 14). One command per verb, so that each says what it does in `--help`.
enum SessionMarkCommand {
    static func run(_ id: String, _ mark: SessionMark, _ on: Bool) throws {
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        let resolved: String
        do throws(SessionLookupError) {
            resolved = try store.resolve(id)
            try store.mark(id: resolved, mark, on)
        } catch {
            OutputStream.standardError.write("natter: \(error.description)\n")
            throw ExitCode(1)
        }
        let title = store.list().first { $0.id == resolved }?.displayTitle ?? ""
        let verb = switch (mark, on) {
        case (.pinned, true): "pinned"
        case (.pinned, false): "unpinned"
        case (.archived, true): "archived"
        case (.archived, false): "unarchived"
        }
        OutputStream.standardOutput.write("\(verb) \(resolved)  \(TerminalText.singleLine(title, limit: 80))\n")
    }
}

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pin", abstract: "Pin a session: listed first, never pruned.")
    @Argument(help: "The session id, or enough of its start to name one session.") var id: String
    func run() throws { try SessionMarkCommand.run(id, .pinned, true) }
}

struct UnpinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpin", abstract: "Unpin a session.")
    @Argument(help: "The session id, or enough of its start to name one session.") var id: String
    func run() throws { try SessionMarkCommand.run(id, .pinned, false) }
}

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Archive a session: listed only by `natter sessions --archived`.")
    @Argument(help: "The session id, or enough of its start to name one session.") var id: String
    func run() throws { try SessionMarkCommand.run(id, .archived, true) }
}

struct UnarchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unarchive", abstract: "Bring an archived session back to the list.")
    @Argument(help: "The session id, or enough of its start to name one session.") var id: String
    func run() throws { try SessionMarkCommand.run(id, .archived, false) }
}
