import NatterProviders

/// A provider as `natter configure` asks about it: the answers so far, before anything is written. Keys are
/// held as the names of environment variables, never as values.
struct ProviderDraft: Sendable, Hashable {
    var name: String
    var engine: Engine
    var host: String
    var auth: DraftAuth
    var models: [ModelInfo]

    /// An OAuth provider reaches its server only with a token, which `natter login` gets (asking a person for
    /// the device and PKCE flows): configure neither discovers nor tests before that.
    var needsSignIn: Bool {
        if case .oauth = auth { return true }
        return false
    }
}

enum DraftAuth: Sendable, Hashable {
    case none
    /// Written as `header_value: "<valuePrefix>${variable}"`, e.g. `Bearer ${MY_KEY}`.
    case header(name: String, variable: String, valuePrefix: String)
    /// Written as `query_value: "${variable}"`.
    case query(name: String, variable: String)
    case oauth(DraftOAuth)

    var kind: String {
        switch self {
        case .none: return "none"
        case .header: return "header"
        case .query: return "query"
        case .oauth: return "oauth"
        }
    }

    /// The variable holding the key, for saying whether it is set.
    var keyVariable: String? {
        switch self {
        case .none: return nil
        case .header(_, let variable, _), .query(_, let variable): return variable
        case .oauth(let settings): return settings.clientSecretVariable
        }
    }

    /// What each engine's API expects: OpenAI-style servers a Bearer token, Anthropic its `x-api-key`.
    static func defaultHeader(for engine: Engine) -> String {
        engine == .anthropic ? "x-api-key" : "Authorization"
    }

    /// `Authorization` carries a scheme before the token; other key headers carry the key alone.
    static func defaultValuePrefix(forHeader name: String) -> String {
        name.caseInsensitiveCompare("Authorization") == .orderedSame ? "Bearer " : ""
    }
}

/// The `oauth` block of SPEC 3.5 as configure asks about it (NatterProviders' `OAuthSettings` is the loaded
/// form, with templates expanded at request time). The client secret, like a key, is held as a variable's name.
struct DraftOAuth: Sendable, Hashable {
    enum Flow: String, Sendable, Hashable, CaseIterable {
        case device
        case pkce
        case clientCredentials = "client_credentials"
    }

    var flow: Flow
    var clientID: String
    var scopes: [String]
    /// RFC 8628's endpoint; device flow only.
    var deviceAuthorizationURL: String?
    /// Where the browser is sent; PKCE only.
    var authorizationURL: String?
    var tokenURL: String
    var clientSecretVariable: String?
}
