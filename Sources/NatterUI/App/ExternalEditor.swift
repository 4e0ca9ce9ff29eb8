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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The command may carry arguments ("code -w"); the path is passed as $1, never spliced into the line.
        process.arguments = ["-c", command + " \"$1\"", "natter-editor", path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return (nil, "could not start the editor (\(command))")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            return (nil, "the editor did not finish normally; the draft is unchanged (\(command))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, "the edited draft could not be read") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }  // editors add a final newline
        return (text, nil)
    }
}
