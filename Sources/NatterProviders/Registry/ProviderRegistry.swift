import Foundation

/// Every provider natter knows, by name: declarative ones from files and ones written in Swift. Building a
/// registry never fails; files that could not be read are kept as `problems` beside the providers that could.
public struct ProviderRegistry: Sendable {
    public enum Origin: Sendable, Hashable {
        case builtin
        case file(path: String)
        case swift
    }

    public enum Status: Sendable, Hashable, CustomStringConvertible {
        case ready
        case missing([String])
        /// An OAuth provider whose flow needs a person, with no usable token stored.
        case needsLogin

        public var description: String {
            switch self {
            case .ready: return "ready"
            case .missing(let names): return "missing " + names.joined(separator: ", ")
            case .needsLogin: return "needs natter login"
            }
        }
    }

    public struct Entry: Sendable {
        public var metadata: ProviderMetadata
        public var origin: Origin
        /// Set for declarative providers.
        public var definition: ProviderDefinition?
        let requiredVariables: [String]
        let make: @Sendable (ProviderContext) -> any Provider

        public var name: String { metadata.name }

        public func status(environment: [String: String]) -> Status {
            let missing =
                definition?.missingVariables(in: environment)
                ?? requiredVariables.filter { (environment[$0] ?? "").isEmpty }
            guard missing.isEmpty else { return .missing(missing) }
            if let definition, case .oauth(let settings) = definition.auth, settings.flow.needsPerson {
                let store = OAuthTokenStore(paths: NatterPaths(environment: environment))
                if store.load(definition.name)?.isUsable(at: Date()) != true { return .needsLogin }
            }
            return .ready
        }

        /// Needs a credential from the environment (a key), unlike a local server.
        public var needsCredentials: Bool {
            if let definition {
                if case .none = definition.auth { return false }
                if definition.authIsOptional { return false }
                return true
            }
            return !requiredVariables.isEmpty
        }
    }

    public private(set) var entries: [Entry] = []
    public private(set) var problems: [ProviderFileError] = []

    public init() {}

    /// Adds or replaces (same name) a provider described by a file.
    public mutating func register(_ definition: ProviderDefinition, origin: Origin) {
        put(
            Entry(
                metadata: definition.metadata, origin: origin, definition: definition, requiredVariables: [],
                make: { DeclarativeProvider(definition: definition, context: $0) }))
    }

    /// Adds or replaces a provider written in Swift. `requiredVariables` are the environment variables it
    /// cannot work without, so that `natter providers` and the picker can say "missing VAR".
    public mutating func register(
        _ metadata: ProviderMetadata, requiredVariables: [String] = [],
        factory: @escaping @Sendable (ProviderContext) -> any Provider
    ) {
        put(Entry(metadata: metadata, origin: .swift, definition: nil, requiredVariables: requiredVariables, make: factory))
    }

    public mutating func record(_ problem: ProviderFileError) {
        problems.append(problem)
    }

    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name } ?? entries.first { $0.name.lowercased() == name.lowercased() }
    }

    public var names: [String] { entries.map(\.name) }

    /// A provider ready to use, or why it is not.
    public func provider(named name: String, context: ProviderContext = .live) throws(ProviderError) -> any Provider {
        guard let entry = entry(named: name) else {
            if let problem = problems.first(where: { $0.path.hasSuffix("/\(name).json") }) {
                throw ProviderError(.configuration, "provider file \(problem)").unreached()
            }
            throw ProviderError(.configuration, "no provider named \"\(name)\" (see `natter providers`)").unreached()
        }
        if case .missing(let names) = entry.status(environment: context.environment()) {
            throw ProviderError(.configuration, "\(entry.name) needs \(names.joined(separator: ", ")): export it, then try again").unreached()
        }
        return entry.make(context)
    }

    private mutating func put(_ entry: Entry) {
        if let index = entries.firstIndex(where: { $0.name == entry.name }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }
}
