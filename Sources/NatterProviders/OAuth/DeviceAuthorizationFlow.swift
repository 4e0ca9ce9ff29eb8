import Foundation

/// RFC 8628, the device authorization grant: ask for a device code, show the person the user code and where
/// to enter it, then poll the token endpoint until they approve, deny, or the code expires.
struct DeviceAuthorizationFlow {
    let provider: String
    let settings: OAuthSettings
    let endpoint: OAuthEndpoint
    let presenter: OAuthPresenter
    /// Injected (ProviderContext.sleep) so tests need not wait out real polling intervals.
    let sleep: @Sendable (Duration) async throws -> Void

    /// RFC 8628 §3.5: `slow_down` adds five seconds to the interval, for this and every later poll.
    static let slowDownStep: Double = 5

    func run() async throws -> OAuthToken {
        guard let deviceURL = settings.deviceAuthorizationURL else {
            throw ProviderError(.configuration, "\(provider) has no device_authorization_url")
        }
        var form = [("client_id", settings.clientID)]
        if !settings.scopes.isEmpty { form.append(("scope", settings.scope)) }
        let answer = try await endpoint.post(deviceURL, form: form)
        if let code = answer.errorCode { throw TokenRequest.refusal(code, answer.errorDescription, provider: provider) }
        guard let deviceCode = answer.string("device_code"), let userCode = answer.string("user_code"),
            // Google still says verification_url, as drafts of the RFC did.
            let verificationURL = answer.string("verification_uri") ?? answer.string("verification_url")
        else {
            throw ProviderError(
                .malformedResponse,
                "the device authorization endpoint at \(OAuthEndpoint.hostOf(deviceURL)) did not send device_code, user_code and verification_uri")
        }
        presenter.show(
            .enterCode(
                provider: provider, userCode: userCode, verificationURL: verificationURL,
                completeURL: answer.string("verification_uri_complete")))

        let lifetime = answer.seconds("expires_in") ?? 900
        var interval = max(answer.seconds("interval") ?? 5, 1)
        var waited = 0.0
        let tokens = TokenRequest(settings: settings, endpoint: endpoint)
        let grant = [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", deviceCode)]
        while true {
            // Counted rather than read from a clock, so that an injected sleep makes the expiry testable.
            guard waited + interval <= lifetime else { throw timedOut() }
            try await sleep(.milliseconds(Int64(interval * 1000)))
            waited += interval
            switch try await tokens.send(grant) {
            case .granted(let token):
                return token
            case .refused("authorization_pending", _):
                continue
            case .refused("slow_down", _):
                interval += Self.slowDownStep
            case .refused("access_denied", _):
                throw ProviderError(.authentication, "the sign-in to \(provider) was denied")
            case .refused("expired_token", _):
                throw timedOut()
            case .refused(let code, let description):
                throw TokenRequest.refusal(code, description, provider: provider)
            }
        }
    }

    private func timedOut() -> ProviderError {
        ProviderError(.authentication, "the sign-in to \(provider) timed out: the code expired before it was approved; run it again")
    }
}
