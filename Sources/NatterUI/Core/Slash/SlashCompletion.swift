/// What `/` at the start of the input offers while it is typed (SPEC 13): the commands its first word can still
/// become, each with its help, then the names its argument can take (models, providers, themes, roles, the keys
/// of `/set`); Tab takes the first.
enum SlashCompletion {
    /// One row of the list above the input.
    struct Row: Equatable {
        var text: String
        var help: String
    }

    /// The list for `input`; empty when it is not a command being typed (no `/` first, `//`, a second line).
    static func rows(for input: String, in state: AppState) -> [Row] {
        guard input.hasPrefix("/"), !input.hasPrefix("//"), !input.contains("\n") else { return [] }
        let body = input.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        guard body.count > name.count else {
            return commands(startingWith: name, in: state).map { Row(text: $0.usage, help: $0.help) }
        }
        guard let command = command(named: name, in: state) else { return [] }
        let typed = body.dropFirst(name.count).trimmingSpaces()
        let names = argumentNames(for: command, in: state).filter { $0.lowercased().hasPrefix(typed.lowercased()) }
        return [Row(text: command.usage, help: command.help)] + names.prefix(maximumNames).map { Row(text: $0, help: "") }
    }

    /// The input Tab makes of `input`: the command's name completed (a space after it when it takes an
    /// argument), or the argument completed to the first name that starts with what is typed; nil: nothing to do.
    static func completed(_ input: String, in state: AppState) -> String? {
        guard input.hasPrefix("/"), !input.hasPrefix("//"), !input.contains("\n") else { return nil }
        let body = input.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        guard body.count > name.count else {
            guard let first = commands(startingWith: name, in: state).first else { return nil }
            return "/" + first.name + (first.argument == .none ? "" : " ")
        }
        guard let command = command(named: name, in: state) else { return nil }
        let typed = body.dropFirst(name.count).trimmingSpaces()
        guard let first = argumentNames(for: command, in: state).first(where: { $0.lowercased().hasPrefix(typed.lowercased()) }), first != typed
        else { return nil }
        return "/\(command.name) \(first)" + (command == .set ? " " : "")
    }

    /// As many names as the list shows under a command.
    static let maximumNames = 8

    /// Commands whose name starts with `prefix`, then those that hold its letters in order.
    static func commands(startingWith prefix: String, in state: AppState) -> [SlashCommand] {
        let lowered = prefix.lowercased()
        let available = SlashCommand.available(in: state)
        guard !lowered.isEmpty else { return available }
        // The shortest name first, then by name: Tab on `/mo` takes `/model`, and `/models` is one letter on.
        let starting = available.filter { $0.name.lowercased().hasPrefix(lowered) }.sorted { ($0.name.count, $0.name) < ($1.name.count, $1.name) }
        let fuzzy = available.filter { !$0.name.lowercased().hasPrefix(lowered) && FuzzyMatch.score(lowered, in: $0.name.lowercased()) != nil }
        return starting + fuzzy
    }

    private static func command(named name: String, in state: AppState) -> SlashCommand? {
        SlashCommand.available(in: state).first { $0.name.lowercased() == name.lowercased() }
    }

    /// The names an argument can take, where natter knows them.
    static func argumentNames(for command: SlashCommand, in state: AppState) -> [String] {
        switch command {
        case .model:
            let current = state.setup.providers.first { $0.name == state.setup.providerName }?.models.map(\.name) ?? []
            let others = state.setup.providers.filter { $0.name != state.setup.providerName }.flatMap { provider in
                provider.models.map { provider.name + "/" + $0.name }
            }
            return current + others
        case .provider: return state.setup.providers.map(\.name)
        case .theme: return state.display.themeNames
        case .role: return state.setup.roles.map(\.name)
        case .set: return SettingsRow.allCases.compactMap(\.key) + [App.inputSetting]
        case .action, .system, .compact, .title, .export, .attach, .template: return []
        }
    }
}
