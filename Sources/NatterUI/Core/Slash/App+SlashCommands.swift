import Foundation
import NatterProviders

/// Enter on an input that starts with `/` (SPEC 13): the command runs, and the input clears; a command that cannot
/// run says why on the status line and leaves the input as typed, sending nothing.
extension App {
    /// nil: the input is a message to send (`//text` made into `/text` first).
    mutating func runSlashInput() -> [AppIntent]? {
        let typed = state.composer.input.string
        guard let slash = SlashInput.read(typed, commands: SlashCommand.available(in: state), broken: state.setup.templateProblems) else { return nil }
        switch slash {
        case .message(let text):
            state.composer.input = InputBuffer(text)
            return nil
        case .refused(let reason):
            setStatus(reason, isError: true)
            return []
        case .command(let command, let argument):
            guard let intents = run(command, argument) else { return [] }
            if state.composer.history.last != typed { state.composer.history.append(typed) }
            state.composer.historyIndex = nil
            state.composer.input.clear()
            state.composer.quoted = nil
            return intents
        }
    }

    /// What the command does; nil when it cannot run (the reason is on the status line).
    private mutating func run(_ command: SlashCommand, _ argument: String) -> [AppIntent]? {
        switch command {
        case .action(.copy) where !argument.isEmpty:
            return copyCodeBlock(argument)
        case .action(let action):
            return perform(action)
        case .model:
            return switchModel(argument)
        case .provider:
            return switchProvider(argument)
        case .theme:
            guard let name = state.display.themeNames.first(where: { $0.lowercased() == argument.lowercased() }) else {
                return refuse("no theme \(argument): \(state.display.themeNames.joined(separator: ", "))")
            }
            state.display.themeName = name
            return [.applyTheme(name)]
        case .role:
            guard let role = state.setup.roles.first(where: { $0.name.lowercased() == argument.lowercased() }) else {
                let names = state.setup.roles.map(\.name)
                return refuse("no role \(argument): " + (names.isEmpty ? "write <config>/roles/NAME.md" : names.joined(separator: ", ")))
            }
            let intents = useRole(role)
            state.overlay = nil
            return intents
        case .system:
            let intents = answerSetting(.systemPrompt, argument)
            state.overlay = nil
            return intents
        case .set:
            return setParameter(argument)
        case .compact:
            if state.conversation.compaction(on: state.conversation.path()) != nil { return [.undoCompaction] }
            guard !state.reply.isReplying else { return refuse("a reply is streaming: compact after it") }
            return [.compactNow]
        case .title:
            let title = TerminalText.singleLine(argument, limit: 200)
            state.title = title
            setStatus("named \"\(title)\"", isError: false)
            return [.titleConversation(title)]
        case .export:
            guard !state.conversation.isEmpty else { return refuse("nothing to export yet") }
            return [.exportConversation(path: argument.isEmpty ? nil : argument)]
        case .attach:
            let path = AttachmentPath.resolved(argument, in: state.composer.workingDirectory)
            return [.lookUpFiles([path], for: .attach(path))]
        case .template(let name, _):
            return startTemplate(name, input: argument)
        }
    }

    private mutating func refuse(_ reason: String) -> [AppIntent]? {
        setStatus(reason, isError: true)
        return nil
    }

    /// `/copy N`: code block N of the last reply.
    private mutating func copyCodeBlock(_ argument: String) -> [AppIntent]? {
        guard let number = Int(argument), (1...999).contains(number) else { return refuse("/copy N: N is a code block's number (1, 2, …)") }
        guard let reply = state.pane.entries.last(where: { $0.kind == .assistant && !$0.text.isEmpty && $0.isMessageHead }) else {
            return refuse("no reply to copy yet")
        }
        let blocks = CodeBlocks.extract(reply.text)
        guard blocks.indices.contains(number - 1) else {
            return refuse(blocks.isEmpty ? "the last reply has no code block" : "the last reply has \(blocks.count) code block\(blocks.count == 1 ? "" : "s")")
        }
        return [.copyToClipboard(blocks[number - 1], what: "code block \(number)")]
    }

    /// `/model NAME` (of this provider) or `/model PROVIDER/NAME`. A provider that lists its models must list it.
    private mutating func switchModel(_ argument: String) -> [AppIntent]? {
        var provider = state.setup.providerName
        var model = argument
        if let slash = argument.firstIndex(of: "/"), state.setup.providers.contains(where: { $0.name == String(argument[..<slash]) }) {
            provider = String(argument[..<slash])
            model = String(argument[argument.index(after: slash)...])
        }
        guard !model.isEmpty else { return refuse("/model \(provider)/NAME: give the model's name") }
        if let entry = state.setup.providers.first(where: { $0.name == provider }) {
            if let problem = entry.problem { return refuse(problem.howToFix(provider: provider)) }
            if !entry.models.isEmpty, !entry.models.contains(where: { $0.name == model }) {
                return refuse("\(provider) has no model \(model): Tab after /model lists them (\(state.display.keymap.shortLabel(.picker)) the picker)")
            }
        }
        return [.switchTo(provider: provider, model: model)]
    }

    private mutating func switchProvider(_ name: String) -> [AppIntent]? {
        guard let entry = state.setup.providers.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return refuse("no provider \(name): \(state.setup.providers.map(\.name).prefix(8).joined(separator: ", "))…")
        }
        if let problem = entry.problem { return refuse(problem.howToFix(provider: entry.name)) }
        guard let model = entry.models.first?.name else {
            return refuse("\(entry.name) lists no models yet: \(state.display.keymap.shortLabel(.picker)) finds them")
        }
        return [.switchTo(provider: entry.name, model: model)]
    }

    /// `/set KEY VALUE`: the value checked as Ctrl+X and `-o` check it; an empty value goes back to the default.
    private mutating func setParameter(_ argument: String) -> [AppIntent]? {
        let key = String(argument.prefix { !$0.isWhitespace })
        let value = argument.dropFirst(key.count).trimmingSpaces()
        if key.lowercased() == Self.inputSetting {
            guard let style = InputStyle(rawValue: value.lowercased()) else {
                return refuse("/set input: " + InputStyle.allCases.map(\.rawValue).joined(separator: " or "))
            }
            useViEditing(style == .vi)
            setStatus(style == .vi ? "vi editing: Esc for normal mode, i to insert" : "the shell-line keys edit the input", isError: false)
            return [.rememberInputStyle(style)]
        }
        guard let row = SettingsRow.allCases.first(where: { $0.key == key.lowercased() }) else {
            return refuse("no parameter \(key): " + SettingsRow.allCases.compactMap(\.key).joined(separator: ", "))
        }
        do {
            _ = try row.applied(value, to: state.setup.parameters)
        } catch {
            return refuse("not set: \(error.description)")
        }
        let intents = answerSetting(row, value)
        state.overlay = nil
        return intents
    }

    /// `/attach PATH` looked up: the file is a chip, or the path is said to name none.
    mutating func attachCommandLookedUp(_ path: String, files: Set<String>) -> [AppIntent] {
        guard files.contains(path) else {
            setStatus("/attach: no file \(path)", isError: true)
            return []
        }
        setStatus("attached \((path as NSString).lastPathComponent)", isError: false)
        return attach(path)
    }
}
