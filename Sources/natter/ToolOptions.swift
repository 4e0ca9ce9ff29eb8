import ArgumentParser
import NatterProviders
import NatterTools

/// The flags about tools from MCP servers (SPEC 7), shared by the chat and pipe mode.
struct ToolOptions: ParsableArguments {
    @Flag(help: "Offer no tools from the MCP servers of <config>/mcp.json.")
    var noTools = false

    @Option(help: "With -p: run these tool calls without asking: all, or names (a tool, a server, or SERVER__TOOL), comma-separated.")
    var approve: String?

    /// The servers of mcp.json, not started yet; nil when there are none, or with --no-tools.
    func host(_ startup: Startup) -> MCPToolHost? {
        guard !noTools else { return nil }
        let configuration = MCPConfiguration.load(path: startup.paths.mcpFile)
        guard !configuration.servers.isEmpty || !configuration.problems.isEmpty else { return nil }
        return MCPToolHost(configuration: configuration, logDirectory: startup.paths.logsDirectory, environment: startup.environment)
    }
}
