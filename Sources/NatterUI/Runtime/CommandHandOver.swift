import Foundation
import NatterProviders

/// The terminal handed to another natter command (`configure add`, `login PROVIDER`) run from the chat, as
/// Ctrl+G hands it to the editor: the command asks its questions, shows its device code or opens its
/// browser, and prints how it went; Enter comes back to the chat, where the provider list is read again.
enum CommandHandOver {
    struct Outcome {
        var succeeded: Bool
        var summary: String
    }

    static func run(_ arguments: [String], terminal: any Terminal) -> Outcome {
        let command = "natter " + arguments.joined(separator: " ")
        terminal.suspend()
        defer { terminal.resume() }
        // This very binary, however it was started (a relative path, a link, through $PATH).
        guard let natter = ResourceFolder.executablePath, let status = TerminalChild.run(natter, arguments) else {
            return Outcome(succeeded: false, summary: "\(command) could not be run, or was stopped")
        }
        let succeeded = status == 0
        // What the command printed stays readable until the person is done with it.
        FileHandle.standardOutput.write(Data("\n[\(command) \(succeeded ? "done" : "did not finish")] press Enter to go back to the chat ".utf8))
        _ = readLine()
        return Outcome(succeeded: succeeded, summary: succeeded ? "\(command): done" : "\(command) did not finish; nothing changed")
    }
}
