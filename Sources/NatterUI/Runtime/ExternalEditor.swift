import Foundation

/// Ctrl+E: the draft in $VISUAL or $EDITOR (else vi), on a private temporary file, with the terminal handed
/// over while it runs.
enum ExternalEditor {
    static func edit(_ draft: String, terminal: any Terminal) -> (text: String?, problem: String?) {
        let environment = ProcessInfo.processInfo.environment
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let path = NSTemporaryDirectory() + "natter-draft-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).md"
        guard FileManager.default.createFile(atPath: path, contents: Data(draft.utf8), attributes: [.posixPermissions: 0o600]) else {
            return (nil, "cannot create a temporary file for the editor")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        terminal.suspend()
        defer { terminal.resume() }
        // In natter's process group (`TerminalChild`): an editor Foundation started in a group of its own
        // would be stopped at its first read of the terminal, and natter would wait for it for ever.
        // The command may carry arguments ("code -w"); the path is passed as $1, never spliced into the line.
        guard let status = TerminalChild.run("/bin/sh", ["-c", command + " \"$1\"", "natter-editor", path]) else {
            return (nil, "the editor did not finish normally; the draft is unchanged (\(command))")
        }
        guard status == 0 else {
            return (nil, status == 127 ? "could not start the editor (\(command))" : "the editor did not finish normally; the draft is unchanged (\(command))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, "the edited draft could not be read") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }  // editors add a final newline
        return (text, nil)
    }
}
