/// RFC 6749 §4.4, the client credentials grant: the client's own id and secret buy a token, no person
/// involved, so it can be run again whenever the token lapses.
struct ClientCredentialsFlow {
    let provider: String
    let settings: OAuthSettings
    let endpoint: OAuthEndpoint

    func run() async throws(ProviderError) -> OAuthToken {
        var grant = [("grant_type", "client_credentials")]
        if !settings.scopes.isEmpty { grant.append(("scope", settings.scope)) }
        return try await TokenRequest(settings: settings, endpoint: endpoint).grantOrFail(grant, provider: provider)
    }
}
