/// Every way a request can fail, in the classes a person can act on. `description` is one line, safe to
/// show on a terminal, with no secret in it.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 401/403, or a key the provider refused.
        case authentication
        /// 429, or a quota error inside the stream.
        case rateLimit = "rate_limit"
        /// The conversation no longer fits the model.
        case contextLength = "context_length"
        /// 5xx, 529, "overloaded".
        case server
        /// Could not connect, DNS, TLS, connection refused.
        case network
        /// The reply stopped before its finish marker: dropped connection, truncated stream, silence.
        case interrupted
        /// The provider sent something that is not its wire format.
        case malformedResponse = "malformed_response"
        /// 400/404/422 and other refusals that retrying cannot mend.
        case rejected
        /// The provider is not usable as configured: a missing variable, an invalid file.
        case configuration
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status that caused it, if any.
    public var status: Int?
    /// How long the provider asked us to wait (Retry-After), if it did.
    public var retryAfter: Duration?
    /// False when the request never got to a server (connection refused, DNS, TLS, a provider not
    /// configured): nothing was said to a model, so there is no exchange worth keeping as a session.
    public var reachedServer = true

    public init(_ kind: Kind, _ message: String, status: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = TerminalText.singleLine(message, limit: 300)
        self.status = status
        self.retryAfter = retryAfter
    }

    /// Worth another try before the first token: the provider may well answer next time.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimit, .server, .network: return true
        default: return false
        }
    }

    /// A reply that stopped part way: its partial text is kept and marked, never shown as complete.
    public var isInterruption: Bool { kind == .interrupted }

    /// The same error, marked as one that never got to a server.
    public func unreached() -> ProviderError {
        var copy = self
        copy.reachedServer = false
        return copy
    }

    public var kindDescription: String {
        switch kind {
        case .authentication: return "authentication failed"
        case .rateLimit: return "rate limited"
        case .contextLength: return "context length exceeded"
        case .server: return "server error"
        case .network: return "network error"
        case .interrupted: return "interrupted"
        case .malformedResponse: return "malformed response"
        case .rejected: return "request rejected"
        case .configuration: return "not configured"
        }
    }

    public var description: String {
        let statusText = status.map { " (HTTP \($0))" } ?? ""
        return "\(kindDescription)\(statusText): \(message)"
    }

    /// The same error with every occurrence of the given secrets replaced, in every form they take on the
    /// wire (`SecretForms`), for messages that may echo a request back (some servers quote the URL, and query
    /// auth puts the key in it).
    public func redacting(_ secrets: [String]) -> ProviderError {
        redacting(with: Redactor(secrets: secrets))
    }

    public func redacting(with redactor: Redactor) -> ProviderError {
        var copy = self
        copy.message = redactor(copy.message)
        return copy
    }
}
