/// The picker's list, flattened: a header row per provider, then its models, filtered by what was typed.
public enum PickerRow: Sendable, Hashable {
    case provider(PickerProvider)
    case model(provider: String, info: ModelInfoRow)
    /// "add a provider…": `natter configure add`, run from the picker.
    case addProvider

    public var isSelectable: Bool {
        switch self {
        case .model, .addProvider: return true
        case .provider: return false
        }
    }
}

/// A model row's facts, kept apart from NatterProviders' type so the view has all it shows in one value.
public struct ModelInfoRow: Sendable, Hashable {
    public var name: String
    public var contextWindow: Int?
    public var supportsTools: Bool
    public var supportsVision: Bool
    /// The provider cannot be used as it is (missing key, invalid file).
    public var unavailable: Bool
}

extension AppState {
    public var pickerRows: [PickerRow] {
        guard case .picker(let picker)? = overlay else { return [] }
        let words = picker.filter.string.lowercased().split(separator: " ")
        var rows: [PickerRow] = []
        for provider in setup.providers {
            let models = provider.models.filter { model in
                let haystack = "\(provider.name) \(provider.displayName) \(model.name)".lowercased()
                return words.allSatisfy { haystack.contains($0) }
            }
            let providerMatches = words.allSatisfy { "\(provider.name) \(provider.displayName)".lowercased().contains($0) }
            guard !models.isEmpty || providerMatches else { continue }
            rows.append(.provider(provider))
            for model in models {
                rows.append(
                    .model(
                        provider: provider.name,
                        info: ModelInfoRow(
                            name: model.name, contextWindow: model.contextWindow, supportsTools: model.supportsTools,
                            supportsVision: model.supportsVision, unavailable: provider.problem != nil)))
            }
        }
        if words.allSatisfy({ "add a provider new configure".contains($0) }) { rows.append(.addProvider) }
        return rows
    }
}
