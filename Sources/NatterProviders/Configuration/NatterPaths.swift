import Foundation

/// Where natter keeps its files (SPEC 1), resolved once from the environment.
public struct NatterPaths: Sendable, Hashable {
    public var configDirectory: String
    public var dataDirectory: String
    /// Folders of user provider files, in precedence order: natter's own, then goose's two.
    public var providerDirectories: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let xdgConfig = nonEmpty("XDG_CONFIG_HOME") ?? home + "/.config"
        let xdgData = nonEmpty("XDG_DATA_HOME") ?? home + "/.local/share"
        configDirectory = nonEmpty("NATTER_CONFIG_DIR") ?? xdgConfig + "/natter"
        dataDirectory = nonEmpty("NATTER_DATA_DIR") ?? xdgData + "/natter"
        providerDirectories = [
            configDirectory + "/providers",
            home + "/.config/goose/custom_providers",
            home + "/.config/goose/providers",
        ]
    }

    public var settingsFile: String { configDirectory + "/config.json" }
    public var sessionsDirectory: String { dataDirectory + "/sessions" }
    /// Attached files, one per content, named by their SHA-256 (SPEC 8).
    public var attachmentsDirectory: String { dataDirectory + "/attachments" }
    /// Saved system prompts, `NAME.md` each (SPEC 11).
    public var rolesDirectory: String { configDirectory + "/roles" }
    public var promptsDirectory: String { configDirectory + "/prompts" }
    /// MCP servers (SPEC 7).
    public var mcpFile: String { configDirectory + "/mcp.json" }
    /// MCP servers' standard error, `mcp-NAME.log` each.
    public var logsDirectory: String { dataDirectory + "/logs" }
    /// OAuth tokens, one `<provider>.json` each (0600, folder 0700).
    public var oauthDirectory: String { configDirectory + "/oauth" }
}
