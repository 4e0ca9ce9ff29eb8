import ArgumentParser
import NatterProviders

/// `natter doctor`: what natter sees (terminal, providers, MCP servers, folders, local servers) and what to
/// fix, in one place, so that "it does not work" can start from facts (SPEC 15).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report the terminal, providers, MCP servers, folders and local servers natter sees, and what to fix.",
        usage: "natter doctor [--check] [--timeout <seconds>] [--json]",
        discussion: """
            Each finding is marked ok, note (worth knowing) or FIX, with a "to fix:" line saying what to do. \
            Keys are named by their variable, never shown. MCP servers are started to count their tools, and \
            the local servers (Ollama, LM Studio, llama.cpp, vLLM, Jan, LocalAI) are asked for their models at \
            their default addresses. --check also asks every ready provider for its model list, over the network.

            --json prints one JSON object: {"ok", "problems", "findings": [{"section", "subject", "verdict", \
            "detail", "fix"}]}.

            Exit status: 0 when nothing needs fixing, 1 when something does (a finding marked FIX).
            """)

    @Flag(help: "Also ask each ready provider for its model list (network requests), all at once.")
    var check = false

    @Option(help: "With --check: seconds to wait for each provider's model list (0.1 to 60).")
    var timeout: Double = 5

    /// `--json` is the root command's flag (see ProvidersCommand).
    @OptionGroup(visibility: .private) var root: Natter
    var json: Bool { root.json }

    func validate() throws {
        guard timeout.isFinite, (0.1...60).contains(timeout) else { throw ValidationError("--timeout must be from 0.1 to 60 seconds.") }
    }

    func run() async throws {
        let startup = Startup()
        let environment = startup.environment
        // The slow parts (servers starting, requests) run side by side; the rest is quick.
        async let terminal = TerminalCheck.findings(environment: environment)
        async let local = LocalServerProbe.probe(registry: startup.registry, environment: environment, connectLimit: LocalServerProbe.commandConnectLimit)
        async let mcp = MCPCheck.findings(startup: startup)
        async let answers: [String: ProviderCheck.Answer]? = check ? ProviderCheck.answers(startup: startup, timeout: timeout) : nil
        let localResults = await local
        let report = DoctorReport(
            findings: await terminal
                + ProviderCheck.findings(startup: startup, local: localResults, answers: await answers)
                + (await mcp) + FolderCheck.findings(paths: startup.paths) + LocalServerCheck.findings(localResults))
        let redact = DoctorSecrets.redactor(registry: startup.registry, environment: environment)
        OutputStream.standardOutput.write(redact(json ? report.json : report.text))
        if report.problems > 0 { throw ExitCode(1) }
    }
}
