import NatterProviders
import NatterSession

/// A provider as the picker lists it.
public struct PickerProvider: Sendable, Hashable {
    public var name: String
    public var displayName: String
    /// nil when ready; else why not.
    public var problem: ProviderProblem?
    public var models: [ModelInfo]

    public init(name: String, displayName: String, problem: ProviderProblem?, models: [ModelInfo]) {
        self.name = name
        self.displayName = displayName
        self.problem = problem
        self.models = models
    }
}

public struct PickerState: Sendable, Hashable {
    public var filter = InputBuffer()
    public var selected = 0
    /// Multi-select (Ctrl+O, compare): the models marked with Space, in order; nil picks one model.
    public var marked: [Origin]?
}
