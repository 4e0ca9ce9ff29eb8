import NatterProviders
import NatterSession

/// A prompt template run from the chat (`/NAME text`, SPEC 13): the values it asks for, one question at a time; its
/// commands shown, run only after a y; then its files, clipboard and commands read by the runner, and the message
/// sent. Whatever cannot be had is said, and nothing is sent.
public struct TemplateRun: Sendable, Hashable {
    public var template: PromptTemplate
    /// What followed `/NAME`.
    public var input: String
    public var selection: String?
    public var answers: [String: String] = [:]
    public var commandsAllowed = false
    /// Which run this is: a result for an earlier one is dropped.
    public var number = 0
}

extension App {
    mutating func startTemplate(_ name: String, input: String) -> [AppIntent]? {
        guard let template = state.setup.templates.first(where: { $0.name == name }) else {
            setStatus("no template \(name) in <config>/prompts", isError: true)
            return nil
        }
        guard !state.reply.isReplying else {
            setStatus("a reply is still streaming: /\(name) after it (\(state.display.keymap.shortLabel(.cancel)) cancels it)", isError: true)
            return nil
        }
        let lastReply = state.pane.entries.last { $0.kind == .assistant && !$0.text.isEmpty && $0.isMessageHead }?.text
        let run = TemplateRun(template: template, input: input, selection: state.composer.quoted ?? lastReply)
        if template.usesSelection, run.selection == nil {
            setStatus("/\(name) takes {{selection}}: select a message (\(state.display.keymap.shortLabel(.select))) and type / on it, or have a reply first", isError: true)
            return nil
        }
        return continueTemplate(run)
    }

    /// The next question, the commands to confirm, or the run handed to the runner.
    mutating func continueTemplate(_ run: TemplateRun) -> [AppIntent] {
        let name = run.template.name
        if let asked = run.template.askedNames.first(where: { run.answers[$0] == nil }) {
            state.prompt = Prompt(kind: .templateValue(run, name: asked), label: "/\(name): \(asked)", input: InputBuffer())
            return []
        }
        let commands = run.template.commands
        if !commands.isEmpty, !run.commandsAllowed {
            // Each command whole, in the conversation where it can be read (a line on the input row would cut it):
            // a yes covers exactly what was shown.
            let list = commands.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n")
            addNotice(.notice("/\(name) would run \(commands.count == 1 ? "this command" : "these \(commands.count) commands"):\n\(list)"))
            state.pane.scroll = .following
            let label = "/\(name): run the command\(commands.count == 1 ? "" : "s") shown above? y/n"
            state.prompt = Prompt(kind: .confirmTemplateCommands(run), label: label, input: InputBuffer())
            return []
        }
        var run = run
        state.composer.templateRuns += 1
        run.number = state.composer.templateRuns
        state.composer.pendingTemplate = run
        setStatus("/\(name)… (\(state.display.keymap.shortLabel(.cancel)) stops it)", isError: false)
        return [.expandTemplate(run)]
    }

    /// A question of the template's dropped (Esc, or no to its commands): nothing runs and nothing is sent.
    mutating func templateDropped(_ run: TemplateRun) {
        setStatus("/\(run.template.name): nothing was run or sent", isError: false)
    }

    /// The runner made the message, or says why it could not.
    mutating func templateExpanded(_ run: TemplateRun, _ result: Result<String, TemplateProblem>) -> [AppIntent] {
        let name = run.template.name
        // Stopped with Esc, or the conversation changed meanwhile: dropped.
        guard state.composer.pendingTemplate?.number == run.number else { return [] }
        state.composer.pendingTemplate = nil
        let text: String
        switch result {
        case .failure(let problem):
            setStatus("/\(name): \(TerminalText.singleLine(problem.description, limit: 300)); nothing was sent", isError: true)
            return []
        case .success(let made):
            text = made
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            setStatus("/\(name) made an empty message; nothing was sent", isError: true)
            return []
        }
        var intents = templateSettings(run.template)
        guard !state.reply.isReplying, !state.setup.model.isEmpty else {
            // Kept, never lost: in the input, to send when the reply is done or a model is chosen; a draft typed
            // meanwhile goes to the history first (↑ brings it back).
            if !state.composer.input.isEmpty { setDraftAside() }
            state.composer.input = InputBuffer(text)
            setStatus("/\(name): the message is in the input; Enter sends it", isError: false)
            return intents
        }
        state.pane.scroll = .following
        state.status.text = nil
        if let compare = state.compare { return intents + sendCompared(text, attachments: [], to: compare.origins) }
        intents.append(.send(text, attachments: []))
        return intents
    }

    /// The model and parameters a template's front matter names, for the conversation from now on, as a role's.
    private mutating func templateSettings(_ template: PromptTemplate) -> [AppIntent] {
        var intents: [AppIntent] = []
        if template.parameters != ModelParameters() {
            state.setup.parameters = state.setup.parameters.overridden(by: template.parameters)
            intents.append(.setParameters(state.setup.parameters))
        }
        if let switched = choose(provider: template.provider, model: template.model) { intents.append(switched) }
        return intents
    }
}
