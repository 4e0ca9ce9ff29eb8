import Foundation

/// The real MCP servers the tests run, from PyPI in the venv that `scripts/ensure-test-tools` makes
/// (`.build/test-tools`): `mcp-server-time`, `mcp-server-git`, and the scripted servers of
/// `Tests/Fixtures/mcp` (built on the official `mcp` package) for slow calls, errors, crashes, huge and
/// hostile results and `list_changed`.
public enum MCPTestServers {
    public static let repository: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    public static var venv: String { repository + "/.build/test-tools/bin" }
    public static var python: String { venv + "/python" }
    public static var time: String { venv + "/mcp-server-time" }
    public static var git: String { venv + "/mcp-server-git" }
    public static var scripted: String { repository + "/Tests/Fixtures/mcp/scripted_server.py" }
    public static var silent: String { repository + "/Tests/Fixtures/mcp/silent_server.py" }

    /// An mcp.json server entry (stdio) as JSON text.
    public static func stdioEntry(
        _ command: String, _ arguments: [String] = [], extra: String = ""
    ) -> String {
        let args = arguments.map { "\"\($0)\"" }.joined(separator: ", ")
        return "{\"command\": \"\(command)\", \"args\": [\(args)]\(extra.isEmpty ? "" : ", " + extra)}"
    }

    /// `{"mcpServers": {...}}` from name → entry JSON.
    public static func file(_ servers: [(String, String)]) -> String {
        "{\"mcpServers\": {" + servers.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}}"
    }
}
