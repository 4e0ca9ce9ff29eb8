import Foundation

/// The access token for one OAuth provider, kept usable: read from the token store, renewed with the refresh
/// token shortly before it expires (and once after the provider refuses it), and obtained afresh by the
/// provider's flow when there is none. One actor per provider instance, so that a chat request and a model
/// listing that need a token at the same moment share one renewal.
public actor OAuthTokenSource {
    public nonisolated let provider: String
    private let definition: ProviderDefinition
    private let settings: OAuthSettings
    private let context: ProviderContext
    private nonisolated let store: OAuthTokenStore
    private var current: OAuthToken?

    /// nil when the provider does not use OAuth.
    public init?(definition: ProviderDefinition, context: ProviderContext) {
        guard case .oauth(let settings) = definition.auth else { return nil }
        self.provider = definition.name
        self.definition = definition
        self.settings = settings
        self.context = context
        self.store = context.oauthTokenStore
    }

    /// Where the token is kept.
    public nonisolated var tokenPath: String { store.path(for: provider) }

    /// A token good for a request now.
    public func accessToken() async throws -> String {
        if current == nil { current = store.load(provider) }
        if let token = current, !token.needsRenewal(at: Date()) { return token.accessToken }
        return try await renewOrObtain().accessToken
    }

    /// After the provider answered 401 to `rejected`: a new token, by refresh where possible. A request that
    /// raced this one may already have renewed it; then that newer token is the answer.
    public func accessToken(replacing rejected: String) async throws -> String {
        if current == nil { current = store.load(provider) }
        if let token = current, token.accessToken != rejected { return token.accessToken }
        return try await renewOrObtain().accessToken
    }

    /// `natter login`: always runs the provider's flow, replacing any stored token. Returns where it is saved.
    public func login() async throws -> String {
        let token = try await runFlow()
        try keep(token)
        return tokenPath
    }

    /// `natter logout`: forgets the token. Returns whether there was one.
    public func logout() throws -> Bool {
        current = nil
        return try store.remove(provider)
    }

    private func renewOrObtain() async throws -> OAuthToken {
        if let renewed = try await store.whileRenewing({ try await renewedByRefresh() }) { return renewed }
        if settings.flow.needsPerson && context.oauthPresenter == nil {
            let reason = current == nil ? "is not signed in" : "needs to sign in again"
            throw ProviderError(.configuration, "\(provider) \(reason): run `natter login \(provider)`")
        }
        let token = try await runFlow()
        try keep(token)
        return token
    }

    /// Under the renewal lock: the token another natter renewed while this one waited, if it did, else a
    /// refresh with the newest refresh token on disk; nil when there is none or the server refuses it.
    private func renewedByRefresh() async throws -> OAuthToken? {
        let stored = store.load(provider)
        if let stored, stored.accessToken != current?.accessToken, !stored.needsRenewal(at: Date()) {
            current = stored
            return stored
        }
        guard let refreshToken = (stored ?? current)?.refreshToken, let renewed = try await refresh(refreshToken) else { return nil }
        try keep(renewed)
        return renewed
    }

    /// RFC 6749 §6. nil when the server no longer accepts the refresh token (`invalid_grant`): a new login
    /// is the only way on. Keeps the old refresh token when the server does not send a new one.
    private func refresh(_ refreshToken: String) async throws -> OAuthToken? {
        let request = TokenRequest(settings: try expandedSettings(), endpoint: endpoint)
        do {
            switch try await request.send([("grant_type", "refresh_token"), ("refresh_token", refreshToken)]) {
            case .granted(var token):
                if token.refreshToken == nil { token.refreshToken = refreshToken }
                return token
            case .refused("invalid_grant", _):
                return nil
            case .refused(let code, let description):
                throw TokenRequest.refusal(code, description, provider: provider)
            }
        } catch {
            throw error.scrubbed(of: secrets + [refreshToken])
        }
    }

    private func runFlow() async throws -> OAuthToken {
        let settings = try expandedSettings()
        do {
            switch settings.flow {
            case .clientCredentials:
                return try await ClientCredentialsFlow(provider: provider, settings: settings, endpoint: endpoint).run()
            case .device, .pkce:
                guard let presenter = context.oauthPresenter else {
                    throw ProviderError(.configuration, "\(provider) needs a person to sign in: run `natter login \(provider)`")
                }
                if settings.flow == .device {
                    return try await DeviceAuthorizationFlow(
                        provider: provider, settings: settings, endpoint: endpoint, presenter: presenter, sleep: context.sleep
                    ).run()
                }
                return try await PKCEAuthorizationFlow(
                    provider: provider, settings: settings, endpoint: endpoint, presenter: presenter, sleep: context.sleep
                ).run()
            }
        } catch let error as ProviderError {
            throw error.redacting(secrets)
        }
    }

    private func keep(_ token: OAuthToken) throws {
        current = token
        try store.save(token, for: provider)
    }

    private var endpoint: OAuthEndpoint { OAuthEndpoint(client: context.httpClient, provider: definition) }

    /// The client secret, expanded: never to appear in an error a server might echo it into.
    private var secrets: [String] {
        [(try? expandedSettings())?.clientSecret].compactMap { $0 }
    }

    private func expandedSettings() throws(ProviderError) -> OAuthSettings {
        let environment = context.environment()
        return try settings.expanded { template throws(ProviderError) in try definition.expand(template, in: environment) }
    }
}

extension Error {
    /// A ProviderError with the secrets scrubbed; any other error unchanged.
    func scrubbed(of secrets: [String]) -> any Error {
        (self as? ProviderError)?.redacting(secrets) ?? self
    }
}
