import Foundation
import NatterProviders

/// What a small program says (`tput colors`, `tmux show -gv set-clipboard`): doctor asks the tools a person
/// would ask, so that it reports what they would see.
enum ProgramOutput {
    struct Result: Sendable {
        var status: Int32
        /// Standard output, without surrounding white space.
        var output: String
    }

    /// nil when the program is not on PATH or did not end within `limit` (a wedged tmux server must not
    /// hang doctor); its standard error is dropped, standard input is empty.
    static func run(
        _ name: String, _ arguments: [String], environment: [String: String], limit: Duration = .seconds(2)
    ) async -> Result? {
        guard let path = executable(name, environment: environment) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                return nil
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        // These programs print a word or two, far below a pipe's buffer: reading after the end cannot block.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Where `name` is on the environment's PATH.
    static func executable(_ name: String, environment: [String: String]) -> String? {
        Executable.path(of: name, environment: environment)
    }
}
