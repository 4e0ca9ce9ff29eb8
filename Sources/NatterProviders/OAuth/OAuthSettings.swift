/// A provider file's `"auth": {"type": "oauth", …}` (SPEC 3.5): which grant to use and where its endpoints
/// are. Strings may hold `${VAR}` templates, expanded when a token is asked for.
public struct OAuthSettings: Sendable, Hashable {
    public enum Flow: String, Sendable, Hashable, CaseIterable {
        /// RFC 8628: the person enters a short code on another device.
        case device
        /// RFC 7636: authorization code with PKCE, the browser returning to a listener on 127.0.0.1.
        case pkce
        /// RFC 6749 §4.4: the client's own credentials, no person involved.
        case clientCredentials = "client_credentials"

        /// A person must approve the first token, so it cannot be obtained where nobody can be asked.
        public var needsPerson: Bool { self != .clientCredentials }
    }

    public var flow: Flow
    public var clientID: String
    public var clientSecret: String?
    public var scopes: [String]
    public var deviceAuthorizationURL: String?
    public var authorizationURL: String?
    public var tokenURL: String

    public init(
        flow: Flow, clientID: String, clientSecret: String? = nil, scopes: [String] = [],
        deviceAuthorizationURL: String? = nil, authorizationURL: String? = nil, tokenURL: String
    ) {
        self.flow = flow
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
    }

    /// The `scope` parameter: space-separated, as RFC 6749 §3.3 has it.
    var scope: String { scopes.joined(separator: " ") }

    /// Every template the settings hold, for "missing VAR".
    var templates: [String] {
        [clientID, tokenURL] + scopes + [clientSecret, deviceAuthorizationURL, authorizationURL].compactMap { $0 }
    }

    /// The same settings with every template expanded.
    func expanded(using expand: (String) throws(ProviderError) -> String) throws(ProviderError) -> OAuthSettings {
        var copy = self
        copy.clientID = try expand(clientID)
        copy.tokenURL = try expand(tokenURL)
        copy.scopes = []
        for scope in scopes { copy.scopes.append(try expand(scope)) }
        if let clientSecret { copy.clientSecret = try expand(clientSecret) }
        if let deviceAuthorizationURL { copy.deviceAuthorizationURL = try expand(deviceAuthorizationURL) }
        if let authorizationURL { copy.authorizationURL = try expand(authorizationURL) }
        return copy
    }
}
