import Foundation

/// Asking the token endpoint for a token (RFC 6749 §4–6): the grant's own parameters plus the client's
/// identity, and the answer read as a token or as the server's refusal.
struct TokenRequest {
    let settings: OAuthSettings
    let endpoint: OAuthEndpoint

    enum Outcome {
        case granted(OAuthToken)
        /// The server's OAuth error code (`authorization_pending`, `invalid_grant`, …) and its explanation.
        case refused(code: String, description: String?)
    }

    /// `grant` holds `grant_type` and what that grant needs. The client authenticates in the body
    /// (`client_secret_post`), which the servers natter targets accept, public clients included.
    func send(_ grant: [(String, String)]) async throws(ProviderError) -> Outcome {
        var form = grant + [("client_id", settings.clientID)]
        if let secret = settings.clientSecret, !secret.isEmpty { form.append(("client_secret", secret)) }
        let answer = try await endpoint.post(settings.tokenURL, form: form)
        if let code = answer.errorCode { return .refused(code: code, description: answer.errorDescription) }
        guard (200..<300).contains(answer.status), let accessToken = answer.string("access_token") else {
            throw ProviderError(
                .malformedResponse, "the token endpoint at \(OAuthEndpoint.hostOf(settings.tokenURL)) sent no access_token",
                status: answer.status)
        }
        let expiresAt = answer.seconds("expires_in").map { Date().addingTimeInterval($0) }
        return .granted(OAuthToken(accessToken: accessToken, refreshToken: answer.string("refresh_token"), expiresAt: expiresAt))
    }

    /// A token, or the refusal as an authentication error naming the provider.
    func grantOrFail(_ grant: [(String, String)], provider: String) async throws(ProviderError) -> OAuthToken {
        switch try await send(grant) {
        case .granted(let token): return token
        case .refused(let code, let description): throw Self.refusal(code, description, provider: provider)
        }
    }

    static func refusal(_ code: String, _ description: String?, provider: String) -> ProviderError {
        let detail = description.map { ": \($0)" } ?? ""
        return ProviderError(.authentication, "the OAuth server refused \(provider)'s token request (\(code))\(detail)")
    }
}
