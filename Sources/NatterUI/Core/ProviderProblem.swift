import NatterProviders

/// Why a provider cannot be used yet, as the picker marks it. Typed, so that what natter offers (sign in here, a
/// variable to export) follows the kind of problem and never the wording of its description.
public enum ProviderProblem: Sendable, Hashable, CustomStringConvertible {
    /// Environment variables its file needs that are not set.
    case missing([String])
    /// An OAuth provider whose flow needs a person, with no usable token stored.
    case needsLogin
    /// Its file could not be read as a provider.
    case invalidFile(reason: String)
    /// A local server that did not answer at the address its file gives (SPEC 15).
    case notRunning(tried: String)
    /// A local server that accepted the connection but listed no models: why, and where.
    case notAnswering(reason: String, address: String)
    /// A local server not yet known to run or not: the probe that asks it has not ended (at start, until it
    /// answers or gives up, a few seconds at most).
    case checking(address: String)

    /// The registry's status, or nil when it is ready.
    public init?(_ status: ProviderRegistry.Status) {
        switch status {
        case .ready: return nil
        case .missing(let names): self = .missing(names)
        case .needsLogin: self = .needsLogin
        }
    }

    /// The mark beside the provider in the picker.
    public var description: String {
        switch self {
        case .missing(let names): return "missing " + names.joined(separator: ", ")
        case .needsLogin: return "needs natter login"
        case .invalidFile(let reason): return "invalid file: \(reason)"
        case .notRunning(let address): return "not running (tried \(address))"
        case .notAnswering(let reason, let address): return "not answering: \(reason) (\(address))"
        case .checking(let address): return "asking \(address)…"
        }
    }

    /// What to do about it, for the status line. Keys are read from the environment natter was started in, so
    /// a variable exported now is seen by the next natter, not this one.
    func howToFix(provider: String) -> String {
        switch self {
        case .missing(let names):
            return "\(provider) needs \(names.joined(separator: ", ")): export it in your shell and start natter again (`natter providers` shows what each provider needs)"
        case .needsLogin:
            return "\(provider) needs a sign-in: run `natter login \(provider)`, then pick it again"
        case .invalidFile, .notAnswering:
            return "\(provider): \(self)"
        case .notRunning(let address):
            return "\(provider) is not running (tried \(address)): start it, or set its address in its variable (`natter providers` shows it)"
        case .checking(let address):
            return "\(provider): still asking \(address) whether it runs"
        }
    }
}
