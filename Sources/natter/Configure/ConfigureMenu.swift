import NatterProviders

/// `natter configure` with no subcommand: the person's providers, and what to do with them, until "quit".
struct ConfigureMenu {
    let flow: ConfigureFlow

    private var prompter: LinePrompter { flow.prompter }

    /// The last action's exit code. Input that ends at the menu itself is a way to quit; input that ends part
    /// way through an action is not, and is thrown to the caller.
    func run() async throws -> Int32 {
        var code: Int32 = 0
        while true {
            let names = flow.store.names()
            showProviders(names)
            let action: String
            do {
                action = try prompter.choose(
                    "add, edit, test, remove or quit", from: ["add", "edit", "test", "remove", "quit"],
                    default: names.isEmpty ? "add" : "quit")
            } catch {
                return code
            }
            do {
                switch action {
                case "add":
                    code = try await flow.add(name: nil)
                case "edit":
                    guard let name = try pick(names, verb: "edit") else { continue }
                    code = try await flow.edit(name: name)
                case "test":
                    guard let name = try pick(names, verb: "test", anyKnown: true) else { continue }
                    code = try await flow.test(name: name)
                case "remove":
                    guard let name = try pick(names, verb: "remove") else { continue }
                    code = try flow.remove(name: name)
                default:
                    return code
                }
            } catch let failure as ConfigureFailure {
                prompter.say("  \(failure)")
                code = 1
            }
            prompter.say("")
        }
    }

    private func showProviders(_ names: [String]) {
        guard !names.isEmpty else {
            prompter.say("You have no providers of your own yet (they go in \(flow.store.directory)).")
            return
        }
        prompter.say("Your providers, in \(flow.store.directory):")
        let registry = ProviderCatalog.load(paths: flow.paths)
        let rows = ProviderTable.rows(registry: registry, environment: flow.environment)
        for (index, name) in names.enumerated() {
            let row = rows.first { $0.source == flow.store.path(for: name) }
            let detail = row.map { "\($0.engine)  \($0.host)  \($0.status)" } ?? "not loaded"
            prompter.say("  \(index + 1). \(TerminalText.singleLine(name, limit: 60))  \(detail)")
        }
    }

    /// A provider by number or name; nil when there is none to choose. `anyKnown` also takes built-in names.
    private func pick(_ names: [String], verb: String, anyKnown: Bool = false) throws(EndOfInput) -> String? {
        if names.isEmpty && !anyKnown {
            prompter.say("  There is no provider of your own to \(verb).")
            return nil
        }
        return try prompter.ask("Which provider? (number or name)") { answer in
            if let number = Int(answer), names.indices.contains(number - 1) { return .success(names[number - 1]) }
            if names.contains(answer) || (anyKnown && flow.builtinNames.contains(answer)) { return .success(answer) }
            return .failure(AnswerRefusal("expected a number from the list or a provider's name"))
        }
    }
}
