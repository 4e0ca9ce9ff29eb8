import NatterProviders
import NatterSession

/// A command typed at the start of the input (SPEC 13): `/name` and, for some, an argument. Every chat action is
/// one, named and explained by the same words F1 gives its key (`Keymap.Action.help`), so the two cannot drift;
/// the others set what a key opens a panel for (`/model NAME`, `/set temperature 0.2`).
enum SlashCommand: Hashable, Sendable {
    case action(Keymap.Action)
    case model, provider, theme, role, system, set, compact, title, export, attach
    /// A prompt template of `<config>/prompts`, by its name, with its description for the list.
    case template(name: String, description: String)

    /// What follows the name.
    enum Argument: Hashable, Sendable {
        case none
        /// May be left out (`/copy` copies the last reply, `/copy 2` its second code block).
        case optional(String)
        case required(String)
    }

    /// Every command, the actions first in F1's order.
    static let all: [SlashCommand] = KeyHelp.chatOrder.map(SlashCommand.action) + [
        .model, .provider, .theme, .role, .system, .set, .compact, .title, .export, .attach,
    ]

    var name: String {
        switch self {
        case .action(let action): return action.commandName
        case .model: return "model"
        case .provider: return "provider"
        case .theme: return "theme"
        case .role: return "role"
        case .system: return "system"
        case .set: return "set"
        case .compact: return "compact"
        case .title: return "title"
        case .export: return "export"
        case .attach: return "attach"
        case .template(let name, _): return name
        }
    }

    var argument: Argument {
        switch self {
        case .action(.copy): return .optional("N")
        case .action: return .none
        case .model: return .required("NAME or PROVIDER/NAME")
        case .provider, .theme, .role: return .required("NAME")
        case .system: return .optional("TEXT")
        case .set: return .required("KEY VALUE")
        case .compact: return .none
        case .title: return .required("TEXT")
        case .export: return .optional("PATH")
        case .attach: return .required("PATH")
        case .template: return .optional("TEXT")
        }
    }

    var help: String {
        switch self {
        case .action(.copy): return Keymap.Action.copy.help + "; with N, its code block N"
        case .action(let action): return action.help
        case .model: return "switch to a model of this provider, or of another"
        case .provider: return "switch to a provider and its first model"
        case .theme: return "use a theme"
        case .role: return "use a role: its prompt, model and settings"
        case .system: return "the system prompt from the next request (empty: none)"
        case .set: return "a request parameter: temperature, top_p, max_tokens, seed, reasoning (empty: the model's default); or input vi|emacs"
        case .compact: return "summarize older turns for the model now (again: undo)"
        case .title: return "name this conversation"
        case .export: return "write this conversation to a Markdown file (default: its id, here)"
        case .attach: return "attach a file to the next message"
        case .template(_, let description): return description
        }
    }

    /// "/model NAME or PROVIDER/NAME", as the completion list shows it.
    var usage: String {
        switch argument {
        case .none: return "/" + name
        case .optional(let placeholder): return "/\(name) [\(placeholder)]"
        case .required(let placeholder): return "/\(name) \(placeholder)"
        }
    }

    static func named(_ name: String) -> SlashCommand? {
        all.first { $0.name == name.lowercased() }
    }

    /// Every command the chat has now: the built-in ones, then a template's for each template whose name no
    /// built-in command has (a template called `model` is listed by `natter prompts` as hidden).
    static func available(in state: AppState) -> [SlashCommand] {
        let builtIn = Set(all.map(\.name))
        return all + state.setup.templates.filter { !builtIn.contains($0.name.lowercased()) }.map { template in
            .template(name: template.name, description: TerminalText.singleLine(template.description ?? "prompt template", limit: 120))
        }
    }
}

/// The names of the chat's own commands, for `natter prompts` to say which template names they hide.
public enum BuiltInCommands {
    public static var names: Set<String> { Set(SlashCommand.all.map(\.name)) }
}

/// What the input says when it starts with `/`.
enum SlashInput: Equatable {
    /// A command and its argument (trimmed; empty when none was given).
    case command(SlashCommand, argument: String)
    /// `//text`: a message that starts with a slash, sent without the first one.
    case message(String)
    /// Why nothing can be run: an unknown name, a missing or unexpected argument.
    case refused(String)

    /// nil: the input is a message (it does not start with `/`). `commands` are those the chat has (the
    /// templates too); a template file that could not be read is named with its line in `broken`.
    static func read(_ input: String, commands: [SlashCommand] = SlashCommand.all, broken: [PromptFileError] = []) -> SlashInput? {
        guard input.hasPrefix("/") else { return nil }
        if input.hasPrefix("//") { return .message(String(input.dropFirst())) }
        let body = input.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingSpaces()
        guard let command = commands.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            if let problem = broken.first(where: { $0.name.lowercased() == name.lowercased() }) {
                return .refused(TerminalText.singleLine(problem.description, limit: 300))
            }
            let near = commands.filter { $0.name.hasPrefix(name.lowercased().prefix(2)) }.map { "/" + $0.name }
            let hint = near.isEmpty ? "Tab after / lists them" : "did you mean " + near.prefix(3).joined(separator: ", ") + "?"
            return .refused("no command /\(name): \(hint) (// sends a message that starts with /)")
        }
        switch command.argument {
        case .none where !argument.isEmpty: return .refused("\(command.usage) takes nothing after it")
        case .required(let placeholder) where argument.isEmpty: return .refused("\(command.usage): give the \(placeholder)")
        case .none, .optional, .required: return .command(command, argument: argument)
        }
    }
}

extension Keymap.Action {
    /// The action's slash command (`/sessions`, `/new`).
    var commandName: String {
        switch self {
        case .send: return "send"
        case .newline: return "newline"
        case .cancel: return "cancel"
        case .quit: return "quit"
        case .picker: return "models"
        case .cycleModels: return "recent"
        case .sessions: return "sessions"
        case .newSession: return "new"
        case .themes: return "themes"
        case .regenerate: return "regenerate"
        case .editor: return "editor"
        case .copy: return "copy"
        case .help: return "help"
        case .suspend: return "suspend"
        case .pageUp: return "pageup"
        case .pageDown: return "pagedown"
        case .scrollUp: return "scrollup"
        case .scrollDown: return "scrolldown"
        case .top: return "top"
        case .bottom: return "bottom"
        case .select: return "select"
        case .tree: return "tree"
        case .find: return "find"
        case .mouse: return "mouse"
        case .tools: return "tools"
        case .settings: return "settings"
        case .compare: return "compare"
        case .palette: return "palette"
        case .history: return "history"
        }
    }
}
