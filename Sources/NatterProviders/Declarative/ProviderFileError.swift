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

    /// `~/.config/natter/providers/x.json: models[2].context_window: expected a number, found "8k"`
    public var description: String {
        if let key { return "\(path): \(key): \(problem)" }
        return "\(path): \(problem)"
    }

    /// The reason alone, for a status column that already names the file.
    public var reason: String {
        if let key { return "\(key): \(problem)" }
        return problem
    }
}
