import Foundation

/// RFC 7636 authorization code with PKCE, the native-app way of RFC 8252: a listener on 127.0.0.1, the
/// sign-in page opened in a browser, the code that comes back exchanged for a token with the verifier.
struct PKCEAuthorizationFlow {
    let provider: String
    let settings: OAuthSettings
    let endpoint: OAuthEndpoint
    let presenter: OAuthPresenter
    /// Injected (ProviderContext.sleep): bounds the wait for the browser by `presenter.waitLimit`.
    let sleep: @Sendable (Duration) async throws -> Void

    func run() async throws -> OAuthToken {
        guard let authorizationURL = settings.authorizationURL else {
            throw ProviderError(.configuration, "\(provider) has no authorization_url")
        }
        let pkce = PKCE()
        let state = PKCE.randomToken(bytes: 16)
        let listener: RedirectListener
        do {
            listener = try await RedirectListener.start(expectedState: state)
        } catch {
            throw ProviderError(.network, "could not listen on 127.0.0.1 for the sign-in to come back: \(error)")
        }
        let query = try await withTaskCancellationHandler {
            defer { Task { await listener.stop() } }
            var parameters = [
                ("response_type", "code"), ("client_id", settings.clientID), ("redirect_uri", listener.redirectURI),
                ("state", state), ("code_challenge", pkce.challenge), ("code_challenge_method", "S256"),
            ]
            if !settings.scopes.isEmpty { parameters.append(("scope", settings.scope)) }
            let separator = authorizationURL.contains("?") ? "&" : "?"
            let url = authorizationURL + separator + FormEncoding.encode(parameters)
            presenter.show(.openBrowser(provider: provider, url: url))
            await presenter.openURL(url)
            return try await waitForCallback(listener)
        } onCancel: {
            Task { await listener.stop() }
        }
        if let error = query["error"] {
            if error == "access_denied" { throw ProviderError(.authentication, "the sign-in to \(provider) was denied") }
            throw TokenRequest.refusal(error, query["error_description"], provider: provider)
        }
        guard let code = query["code"], !code.isEmpty else {
            throw ProviderError(.malformedResponse, "the browser came back to natter without an authorization code")
        }
        let grant = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", listener.redirectURI),
            ("code_verifier", pkce.verifier),
        ]
        return try await TokenRequest(settings: settings, endpoint: endpoint).grantOrFail(grant, provider: provider)
    }

    private func waitForCallback(_ listener: RedirectListener) async throws -> [String: String] {
        let limit = presenter.waitLimit
        let sleep = self.sleep
        let provider = self.provider
        return try await withThrowingTaskGroup(of: [String: String].self) { group in
            group.addTask {
                guard let query = await listener.callback() else { throw CancellationError() }
                return query
            }
            group.addTask {
                try await sleep(limit)
                throw ProviderError(
                    .authentication,
                    "the sign-in to \(provider) timed out: the browser did not come back within \(Int(limit.inSeconds)) s")
            }
            defer { group.cancelAll() }
            guard let query = try await group.next() else { throw CancellationError() }
            return query
        }
    }
}
