import Foundation
import NatterProviders

/// Every provider: whether its key is set (naming the variable, never its value), each file that could not be
/// read and why, which provider natter would use and why, and with `--check` whether each ready provider
/// answers a model listing.
enum ProviderCheck {
    /// What a provider said when asked for its models.
    enum Answer: Sendable {
        case models(Int)
        /// The file lists its models and turns discovery off: there is nothing to ask.
        case listedInFile
        case failed(ProviderError)
    }

    /// Every provider `findings` shows as ready and that a model listing can tell more of, asked at once.
    static func answers(startup: Startup, timeout: Double) async -> [String: Answer] {
        let registry = startup.registry
        let environment = startup.environment
        let asked = registry.entries.filter { entry in
            !LocalServerProbe.providerNames.contains(entry.name) && entry.status(environment: environment) == .ready
                && (entry.needsCredentials || entry.origin != .builtin)
        }
        return await withTaskGroup(of: (String, Answer).self) { group in
            for entry in asked {
                group.addTask {
                    if entry.definition?.dynamicModels == false { return (entry.name, .listedInFile) }
                    do {
                        let listing = try await ModelsCommand.discover(try registry.provider(named: entry.name), timeout: timeout)
                        if let reason = listing.fallbackReason { return (entry.name, .failed(reason)) }
                        return (entry.name, .models(listing.models.count))
                    } catch let error as ProviderError {
                        return (entry.name, .failed(error))
                    } catch {
                        return (entry.name, .failed(ProviderError(.network, String(describing: error))))
                    }
                }
            }
            var answers: [String: Answer] = [:]
            for await (name, answer) in group { answers[name] = answer }
            return answers
        }
    }

    static func findings(startup: Startup, local: [LocalServerProbe.Result], answers: [String: Answer]?) -> [DoctorFinding] {
        var findings = [selectionFinding(startup, local: local)]
        for entry in startup.registry.entries where !LocalServerProbe.providerNames.contains(entry.name) {
            findings.append(finding(entry, startup: startup, answer: answers?[entry.name]))
        }
        for problem in startup.registry.problems {
            let folder = (problem.path as NSString).deletingLastPathComponent
            findings.append(DoctorFinding(
                .providers, (problem.path as NSString).lastPathComponent, .problem, "invalid provider file \(problem.path): \(problem.reason)",
                fix: ["correct it, or move it out of \(folder) (the other providers load regardless)"]))
        }
        return findings
    }

    /// The provider natter would use with no flags, and what chose it.
    private static func selectionFinding(_ startup: Startup, local: [LocalServerProbe.Result]) -> DoctorFinding {
        let subject = "natter would use"
        let environment = startup.environment
        let registry = startup.registry
        if ProviderSelection.isFallback(flagProvider: nil, environment: environment, settings: startup.settings, registry: registry) {
            let running = local.filter { if case .running = $0.outcome { true } else { false } }
            if running.contains(where: { $0.name == "ollama" }) {
                return DoctorFinding(.providers, subject, .ok, "ollama, running here (no provider chosen and no key set)")
            }
            if let first = running.first {
                return DoctorFinding(
                    .providers, subject, .note, "ollama, which is not running; \(first.name) is (no provider chosen and no key set)",
                    fix: ["choose it: export NATTER_PROVIDER=\(first.name), or natter --provider \(first.name)"])
            }
            // The same words as a first run of `natter -p` (its first line is said here in doctor's terms).
            let host = Natter.ollamaHost(startup)
            return DoctorFinding(
                .providers, subject, .problem, "nothing: no provider is set up, and Ollama at \(host) does not answer",
                fix: FirstRunGuidance.lines(triedHost: host).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let choice = startup.selection()
        let reason = chosenBy(startup)
        guard let entry = registry.entry(named: choice.provider) else {
            return DoctorFinding(
                .providers, subject, .problem, "\(choice.provider), chosen by \(reason), but natter knows no provider of that name",
                fix: ["choose one that `natter providers` lists"])
        }
        let model = choice.model.map { ", model \($0)" } ?? ""
        switch entry.status(environment: environment) {
        case .ready:
            if let result = local.first(where: { $0.name == entry.name }), case .notRunning = result.outcome {
                return DoctorFinding(
                    .providers, subject, .problem, "\(entry.name)\(model), chosen by \(reason), but nothing answers at \(result.address)",
                    fix: ["start it, or choose another provider (`natter providers`)"])
            }
            return DoctorFinding(.providers, subject, .ok, "\(entry.name)\(model), chosen by \(reason)")
        case .missing(let names):
            return DoctorFinding(
                .providers, subject, .problem, "\(entry.name)\(model), chosen by \(reason), but \(names.joined(separator: ", ")) is not set",
                fix: names.map { "export \($0)=… (the key), e.g. in your shell's startup file" })
        case .needsLogin:
            return DoctorFinding(
                .providers, subject, .problem, "\(entry.name)\(model), chosen by \(reason), but it is not signed in",
                fix: ["natter login \(entry.name)"])
        }
    }

    /// Which level of SPEC 1's precedence chose the provider (flags aside: doctor has none).
    private static func chosenBy(_ startup: Startup) -> String {
        func set(_ name: String) -> Bool { !(startup.environment[name] ?? "").isEmpty }
        if set("NATTER_PROVIDER") { return "NATTER_PROVIDER" }
        if set("GOOSE_PROVIDER") { return "GOOSE_PROVIDER" }
        if let last = startup.settings.lastProvider, startup.registry.entry(named: last) != nil { return "the last one used (\(startup.paths.settingsFile))" }
        return "being the first whose key is set"
    }

    private static func finding(_ entry: ProviderRegistry.Entry, startup: Startup, answer: Answer?) -> DoctorFinding {
        // A file of the person's own in natter's folder is meant to be used; built-ins and goose's files are
        // there whether or not anyone uses them, so a key missing from one of them is only worth a note.
        let ownFile: Bool
        switch entry.origin {
        case .file(let path): ownFile = path.hasPrefix(startup.paths.configDirectory + "/")
        case .builtin, .swift: ownFile = false
        }
        switch entry.status(environment: startup.environment) {
        case .missing(let names):
            let detail = "no key: \(names.joined(separator: ", ")) \(names.count == 1 ? "is" : "are") not set"
            return DoctorFinding(
                .providers, entry.name, ownFile ? .problem : .note, detail,
                fix: ownFile ? names.map { "export \($0)=… (the key), e.g. in your shell's startup file" } : [])
        case .needsLogin:
            return DoctorFinding(
                .providers, entry.name, ownFile ? .problem : .note, "not signed in (OAuth)", fix: ownFile ? ["natter login \(entry.name)"] : [])
        case .ready:
            return readyFinding(entry, startup: startup, answer: answer)
        }
    }

    private static func readyFinding(_ entry: ProviderRegistry.Entry, startup: Startup, answer: Answer?) -> DoctorFinding {
        var detail = "ready"
        if let definition = entry.definition {
            if case .oauth = definition.auth {
                detail += ", signed in with OAuth"
            } else if entry.needsCredentials {
                detail += ", key from " + definition.credentialVariables.joined(separator: ", ")
            } else {
                detail += ", no key needed, at \(definition.expandedHost(in: startup.environment))"
            }
        }
        let host = entry.definition?.expandedHost(in: startup.environment) ?? entry.metadata.host
        switch answer {
        case nil:
            return DoctorFinding(.providers, entry.name, .ok, detail)
        case .models(let count):
            return DoctorFinding(.providers, entry.name, .ok, detail + "; answers with \(count) model\(count == 1 ? "" : "s")")
        case .listedInFile:
            return DoctorFinding(.providers, entry.name, .ok, detail + "; lists its models in its file, so there is nothing to ask")
        case .failed(let error):
            return DoctorFinding(
                .providers, entry.name, .problem, detail + ", but asked for its models: \(error.description)", fix: [fix(for: error, entry: entry, host: host)])
        }
    }

    private static func fix(for error: ProviderError, entry: ProviderRegistry.Entry, host: String) -> String {
        let variables = entry.definition?.credentialVariables ?? []
        switch error.kind {
        case .authentication:
            return variables.isEmpty ? "check the provider's credentials" : "check the key in \(variables.joined(separator: ", "))"
        case .network, .interrupted:
            return "check that \(host) is right and reachable from here"
        case .rateLimit, .server:
            return "try again later; the server at \(host) is refusing for now"
        case .contextLength, .malformedResponse, .rejected:
            return "check the host (\(host)) and the engine in the provider's file"
        case .configuration:
            return "see `natter providers` for what the provider needs"
        }
    }
}
