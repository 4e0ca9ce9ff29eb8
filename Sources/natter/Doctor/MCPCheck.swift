import NatterProviders
import NatterTools

/// The MCP servers of mcp.json (SPEC 7), each started as a chat would start it, with its tools counted and
/// the reason when it failed; then stopped.
enum MCPCheck {
    static func findings(startup: Startup) async -> [DoctorFinding] {
        let path = startup.paths.mcpFile
        let configuration = MCPConfiguration.load(path: path)
        var findings = configuration.problems.map { problem in
            DoctorFinding(.mcp, "mcp.json", .problem, problem, fix: ["correct \(path)"])
        }
        guard !configuration.servers.isEmpty else {
            if findings.isEmpty {
                findings.append(DoctorFinding(.mcp, "mcp.json", .note, "no MCP servers (they are optional): add them to \(path) to offer tools"))
            }
            return findings
        }
        let host = MCPToolHost(
            configuration: configuration, logDirectory: startup.paths.logsDirectory, environment: startup.environment,
            startLimit: .seconds(15))
        await host.start()
        await host.settled(within: .seconds(20))
        let statuses = await host.statuses()
        await host.stop()
        let log = { (name: String) in startup.paths.logsDirectory + "/mcp-" + MCPToolHost.fileSafe(name) + ".log" }
        for status in statuses {
            let transport = status.transport
            switch status.state {
            case .ready:
                let count = status.tools.count
                findings.append(DoctorFinding(.mcp, status.name, .ok, "\(transport), ready: \(count) tool\(count == 1 ? "" : "s")"))
            case .disabled:
                findings.append(DoctorFinding(.mcp, status.name, .note, "\(transport), disabled in mcp.json"))
            case .starting:
                findings.append(DoctorFinding(
                    .mcp, status.name, .problem, "\(transport), still starting after 20 s",
                    fix: ["see what it wrote in \(log(status.name)); a chat waits for it up to 15 s"]))
            case .failed(let reason):
                findings.append(DoctorFinding(
                    .mcp, status.name, .problem, "\(transport), failed: \(reason)",
                    fix: ["check its entry in \(path); what it wrote is in \(log(status.name))"]))
            }
        }
        return findings
    }
}
