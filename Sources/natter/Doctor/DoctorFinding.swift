import NatterProviders

/// One thing `natter doctor` saw: what it is about, whether it needs fixing, and how to fix it.
struct DoctorFinding: Sendable, Encodable {
    enum Section: String, Sendable, Encodable, CaseIterable {
        case terminal
        case providers
        case mcp
        case folders
        case localServers = "local_servers"

        var title: String {
            switch self {
            case .terminal: return "Terminal"
            case .providers: return "Providers"
            case .mcp: return "MCP servers"
            case .folders: return "Folders"
            case .localServers: return "Local servers"
            }
        }
    }

    enum Verdict: String, Sendable, Encodable {
        /// As it should be.
        case ok
        /// Worth knowing, nothing to fix (a provider nobody set up, a local server not running).
        case note
        /// Something to fix: makes `natter doctor` exit 1.
        case problem
    }

    var section: Section
    var subject: String
    var verdict: Verdict
    var detail: String
    /// What to do, one step a line; empty unless something is to be done.
    var fix: [String]

    /// Every text here may hold what a file, a server or the environment said: each is made one clean line
    /// here, once, so that no finding can carry an escape sequence to the terminal.
    init(_ section: Section, _ subject: String, _ verdict: Verdict, _ detail: String, fix: [String] = []) {
        self.section = section
        self.subject = TerminalText.singleLine(subject, limit: 80)
        self.verdict = verdict
        self.detail = TerminalText.singleLine(detail, limit: 600)
        self.fix = fix.map { TerminalText.singleLine($0, limit: 400) }
    }
}
