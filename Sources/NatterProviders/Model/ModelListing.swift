/// The models to offer, and whether discovery supplied them: `natter models` and the picker show the
/// provider file's list when discovery fails, and can say why.
public struct ModelListing: Sendable, Hashable {
    public var models: [ModelInfo]
    /// Why the file's list stands in for discovery (404, garbage, no answer in time, no key); nil when the
    /// provider answered, or when the file turns discovery off (`dynamic_models: false`).
    public var fallbackReason: ProviderError?

    public init(models: [ModelInfo], fallbackReason: ProviderError? = nil) {
        self.models = models
        self.fallbackReason = fallbackReason
    }
}
