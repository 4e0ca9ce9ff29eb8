import ArgumentParser
import Foundation
import NatterProviders

/// `natter models [PROVIDER]`: what discovery finds, or the provider file's list when it cannot.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List a provider's models: from discovery, falling back to the provider file's list.",
        // --json is the root command's flag (argument-parser gives a parent's flag to the parent wherever it
        // stands, so a subcommand cannot declare its own); the usage and this text name it instead.
        usage: "natter models [<provider>] [--json] [--timeout <seconds>]",
        discussion: "--json prints one JSON object per model, one per line.")

    @Argument(help: "Provider name; the current one (as `natter` would choose it) when omitted.")
    var provider: String?

    @OptionGroup(visibility: .private) var root: Natter
    var json: Bool { root.json }

    @Option(help: "Seconds to wait for discovery before showing the file's list (0.1 to 600).")
    var timeout: Double = 10

    func validate() throws {
        guard timeout.isFinite, (0.1...600).contains(timeout) else {
            throw ValidationError("--timeout must be from 0.1 to 600 seconds.")
        }
    }

    func run() async throws {
        let startup = Startup()
        let name = provider ?? startup.selection().provider
        let err = OutputStream.standardError
        guard let entry = startup.registry.entry(named: name) else {
            err.write("natter: no provider named \"\(TerminalText.singleLine(name, limit: 60))\" (see `natter providers`)\n")
            throw ExitCode(1)
        }
        var models = entry.metadata.models
        do {
            let provider = try startup.registry.provider(named: entry.name)
            let listing = try await Self.discover(provider, timeout: timeout)
            models = listing.models
            if let reason = listing.fallbackReason { err.write("natter: \(reason); showing the provider file's list\n") }
        } catch {
            err.write("natter: \(error); showing the provider file's list\n")
        }
        let out = OutputStream.standardOutput
        if json {
            for model in models { out.write(Self.json(model) + "\n") }
            return
        }
        if models.isEmpty {
            err.write("natter: \(entry.name) lists no models\n")
            throw ExitCode(1)
        }
        let width = models.map(\.name.count).max() ?? 0
        for model in models {
            let marker = model.name == entry.metadata.preferredModel ? "*" : " "
            let context = model.contextWindow.map { Self.tokens($0) } ?? "-"
            let badges = [model.supportsTools ? "tools" : nil, model.supportsVision ? "vision" : nil].compactMap { $0 }
            let name = TerminalText.singleLine(model.name, limit: 120)
            out.write(
                "\(marker) \(name)\(String(repeating: " ", count: max(0, width - name.count)))  "
                    + "\(context.padding(toLength: 6, withPad: " ", startingAt: 0))  \(badges.joined(separator: " "))\n")
        }
    }

    /// Discovery bounded in time: a hanging endpoint must not hang the command.
    static func discover(_ provider: any Provider, timeout: Double) async throws -> ModelListing {
        try await withThrowingTaskGroup(of: ModelListing.self) { group in
            group.addTask { await provider.modelListing() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                throw ProviderError(.network, "model discovery did not answer within \(Int(timeout)) s")
            }
            defer { group.cancelAll() }
            return try await group.next() ?? ModelListing(models: [])
        }
    }

    static func tokens(_ count: Int) -> String {
        if count >= 1_000_000 { return "\(count / 1_000_000)\(count % 1_000_000 >= 100_000 ? ".\(count % 1_000_000 / 100_000)" : "")M" }
        if count >= 1000 { return "\(count / 1000)k" }
        return "\(count)"
    }

    static func json(_ model: ModelInfo) -> String { JSONLine.encode(model, snakeCaseKeys: true) }
}
