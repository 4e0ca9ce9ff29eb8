import NatterProviders
import NatterSession

/// The provider and model the conversation talks to, and what is sent with each request.
public struct ModelSetup: Sendable {
    public var providerName: String
    public var model: String
    public var contextWindow: Int?
    /// The conversation's request parameters and system prompt, as the session last said (Ctrl+X shows them).
    public var parameters = ModelParameters()
    public var systemPrompt: String?
    /// The roles of `<config>/roles`, read at start-up, and the one chosen last.
    public var roles: [RoleDefinition] = []
    public var roleName: String?
    /// The prompt templates of `<config>/prompts`, read at start-up, each a `/NAME` command, and the files that
    /// are not templates (named with their line when `/NAME` is typed).
    public var templates: [PromptTemplate] = []
    public var templateProblems: [PromptFileError] = []
    /// The providers the picker lists.
    public var providers: [PickerProvider] = []
    /// Most recent first, for F2.
    public var recentModels: [ProviderSelection] = []
    /// Nothing chose a provider (no flag, variable, remembered choice or key): the local servers' first answer
    /// chooses (SPEC 15): the one running is used, several open the picker on them.
    public var choosingLocalServer = false

    public init(providerName: String, model: String) {
        self.providerName = providerName
        self.model = model
    }
}
