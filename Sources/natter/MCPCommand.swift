import ArgumentParser
import Foundation
import NatterProviders
import NatterTools

/// `natter mcp`: the servers of mcp.json, each started and asked for its tools, with what became of it.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "List the MCP servers of <config>/mcp.json with their transport and status (ready: N tools / failed: reason / disabled).",
        subcommands: [MCPToolsCommand.self])

    func run() async throws {
        let startup = Startup()
        let configuration = MCPConfiguration.load(path: startup.paths.mcpFile)
        let out = OutputStream.standardOutput
        for problem in configuration.problems { OutputStream.standardError.write("natter: \(TerminalText.singleLine(problem, limit: 400))\n") }
        guard !configuration.servers.isEmpty else {
            if configuration.problems.isEmpty { out.write("no MCP servers: add them to \(startup.paths.mcpFile) ({\"mcpServers\": {NAME: {\"command\": …}}})\n") }
            return
        }
        let statuses = try await MCPToolsCommand.statuses(startup, configuration)
        let width = statuses.map { TerminalText.singleLine($0.name, limit: 40).count }.max() ?? 0
        for status in statuses {
            let state: String
            switch status.state {
            case .ready: state = "ready: \(status.tools.count) tool\(status.tools.count == 1 ? "" : "s")"
            default: state = status.state.description
            }
            let name = TerminalText.singleLine(status.name, limit: 40)
            out.write(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + status.transport.padding(toLength: 5, withPad: " ", startingAt: 0) + "  " + TerminalText.singleLine(state, limit: 300) + "\n")
        }
    }
}

/// `natter mcp tools [SERVER]`: each tool with its description, as a model is offered it.
struct MCPToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tools", abstract: "List the tools of every MCP server, or of one.")

    @Argument(help: "Only this server's tools.")
    var server: String?

    func run() async throws {
        let startup = Startup()
        let configuration = MCPConfiguration.load(path: startup.paths.mcpFile)
        if let server, !configuration.servers.contains(where: { $0.name == server }) {
            throw ValidationError("no MCP server named \(server) in \(startup.paths.mcpFile)")
        }
        let out = OutputStream.standardOutput
        for status in try await Self.statuses(startup, configuration) where server == nil || status.name == server {
            if case .ready = status.state {
                for tool in status.tools {
                    let description = TerminalText.singleLine(tool.description, limit: 200)
                    out.write(TerminalText.singleLine(tool.modelName, limit: 80) + (description.isEmpty ? "" : "  " + description) + "\n")
                }
            } else {
                OutputStream.standardError.write("natter: \(TerminalText.singleLine(status.name, limit: 40)): \(TerminalText.singleLine(status.state.description, limit: 300))\n")
            }
        }
    }

    /// Every server started, waited for (a while), listed, and stopped.
    static func statuses(_ startup: Startup, _ configuration: MCPConfiguration) async throws -> [MCPToolHost.ServerStatus] {
        let host = MCPToolHost(configuration: configuration, logDirectory: startup.paths.logsDirectory, environment: startup.environment, startLimit: .seconds(20))
        await host.start()
        await host.settled(within: .seconds(25))
        let statuses = await host.statuses()
        await host.stop()
        return statuses
    }
}
