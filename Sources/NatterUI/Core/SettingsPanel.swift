import NatterProviders

/// Ctrl+X (SPEC 11): the conversation's request parameters and system prompt, each row edited on the input
/// line. What is set goes with the next request and is recorded in the transcript.
public enum SettingsRow: Int, CaseIterable, Sendable, Hashable {
    case role, temperature, topP, maxTokens, seed, reasoning, systemPrompt, compaction

    /// The name `-o` and provider files give it; the system prompt has none.
    var key: String? {
        switch self {
        case .temperature: return "temperature"
        case .topP: return "top_p"
        case .maxTokens: return "max_tokens"
        case .seed: return "seed"
        case .reasoning: return "reasoning"
        case .systemPrompt, .role, .compaction: return nil
        }
    }

    var title: String {
        switch self {
        case .systemPrompt: return "system prompt"
        case .role: return "role"
        case .compaction: return "history"
        case .temperature, .topP, .maxTokens, .seed, .reasoning: return key ?? ""
        }
    }

    /// What the input line asks.
    var question: String {
        switch self {
        case .temperature: return "temperature, 0 to 2 (empty: the model's default)"
        case .topP: return "top_p, 0 to 1 (empty: the model's default)"
        case .maxTokens: return "max_tokens (empty: the model's default)"
        case .seed: return "seed, a whole number (empty: none)"
        case .reasoning: return "reasoning: minimal, low, medium, high, off or a token budget (empty: the model's default)"
        case .systemPrompt: return "system prompt (empty: none)"
        case .role: return "role"
        case .compaction: return ""
        }
    }

    /// The row's value as the panel shows it and the input line starts from; empty when unset.
    func value(_ parameters: ModelParameters, system: String?) -> String {
        switch self {
        case .temperature: return parameters.temperature.map { "\($0)" } ?? ""
        case .topP: return parameters.topP.map { "\($0)" } ?? ""
        case .maxTokens: return parameters.maxTokens.map { "\($0)" } ?? ""
        case .seed: return parameters.seed.map { "\($0)" } ?? ""
        case .reasoning:
            switch parameters.reasoning {
            case .effort(let effort)?: return effort.rawValue
            case .budget(let budget)?: return "\(budget)"
            case .off?: return "off"
            case nil: return ""
            }
        case .systemPrompt: return system ?? ""
        case .role, .compaction: return ""
        }
    }

    /// `parameters` with this row set from what was typed; empty clears it. Throws what is wrong with it.
    func applied(_ text: String, to parameters: ModelParameters) throws(ParameterError) -> ModelParameters {
        var changed = parameters
        guard !text.isEmpty else {
            switch self {
            case .temperature: changed.temperature = nil
            case .topP: changed.topP = nil
            case .maxTokens: changed.maxTokens = nil
            case .seed: changed.seed = nil
            case .reasoning: changed.reasoning = nil
            case .systemPrompt, .role, .compaction: break
            }
            return changed
        }
        if let key { try changed.set(key, to: text) }
        return changed
    }
}
