/// Why a provider file could not be used: which file, which key, what was wrong. Shown in `natter providers`
/// and in the UI; the other providers load regardless.
public struct ProviderFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// e.g. `models[1].context_window`; nil when the problem is the whole file.
    public var key: String?
    public var problem: String

    public init(path: String, key: String?, problem: String) {
        self.path = path
        self.key = key
        self.problem = TerminalText.singleLine(problem, limit: 300)
    }

    public var description: String {
        if let key { return "\(path): key '\(key)': \(problem)" }
        return "\(path): \(problem)"
    }

    /// The reason alone, for a status column that already names the file.
    public var reason: String {
        if let key { return "key '\(key)': \(problem)" }
        return problem
    }
}
