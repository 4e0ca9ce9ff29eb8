import Foundation

/// How wide the output may be: `COLUMNS` when set (as shells and scripts set it), else the width of the
/// terminal standard output is, else nil (a pipe or a file: no limit).
enum TerminalWidth {
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), (20...10_000).contains(columns) { return columns }
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
