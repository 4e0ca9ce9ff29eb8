import NatterProviders
import NatterSession

/// The Ctrl+X panel: moving through its rows, editing one on the input line, and what a change asks of the session.
extension App {
    mutating func openSettings() {
        state.overlay = .settings(selected: 0)
    }

    /// A role's prompt and parameters for the conversation, and its provider and model when it names them.
    mutating func useRole(_ role: RoleDefinition) -> [AppIntent] {
        state.overlay = .settings(selected: SettingsRow.role.rawValue)
        state.setup.roleName = role.name
        showSystemPrompt(role.prompt)
        state.setup.parameters = role.parameters
        var intents: [AppIntent] = [.setSystemPrompt(role.prompt), .setParameters(role.parameters)]
        if let switched = choose(provider: role.provider, model: role.model) { intents.append(switched) }
        setStatus("role \(role.name) from the next request", isError: false)
        return intents
    }

    /// The provider and model a role or a template names (a provider alone: its first model); nil when they are
    /// the ones in use already, or name nothing.
    mutating func choose(provider wanted: String?, model wantedModel: String?) -> AppIntent? {
        let provider = wanted ?? state.setup.providerName
        guard let model = wantedModel ?? (wanted == nil ? nil : state.setup.providers.first { $0.name == provider }?.models.first?.name),
            provider != state.setup.providerName || model != state.setup.model
        else { return nil }
        state.setup.providerName = provider
        state.setup.model = model
        return .switchTo(provider: provider, model: model)
    }

    /// The system prompt the conversation goes on with, shown in the chat where it changed. Here rather than at
    /// the session's echo (`settingsChanged`), which finds the prompt already set and so the same: a prompt
    /// chosen in Ctrl+X once showed no notice at all.
    mutating func showSystemPrompt(_ prompt: String?) {
        guard prompt != state.setup.systemPrompt else { return }
        state.setup.systemPrompt = prompt
        addNotice(.notice(SystemPromptNotice.text(prompt)))
    }

    /// The input line's answer for a row: the value checked, the panel and the session told.
    mutating func answerSetting(_ row: SettingsRow, _ answer: String) -> [AppIntent] {
        state.overlay = .settings(selected: row.rawValue)
        if row == .systemPrompt {
            showSystemPrompt(answer.isEmpty ? nil : answer)
            setStatus(answer.isEmpty ? "no system prompt from the next request" : "system prompt set from the next request", isError: false)
            return [.setSystemPrompt(state.setup.systemPrompt)]
        }
        do {
            let changed = try row.applied(answer, to: state.setup.parameters)
            guard changed != state.setup.parameters else { return [] }
            state.setup.parameters = changed
            setStatus(answer.isEmpty ? "\(row.title): the model's default from the next request" : "\(row.title) \(answer) from the next request", isError: false)
            return [.setParameters(changed)]
        } catch {
            setStatus("not set: \(error.description)", isError: true)
            return []
        }
    }
}
