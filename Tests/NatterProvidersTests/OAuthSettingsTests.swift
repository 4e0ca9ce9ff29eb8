import Foundation
import Testing

@testable import NatterProviders

/// The `oauth` auth form in provider files, and the pieces of the flows that need no server.
@Suite struct OAuthSettingsTests {
    func parse(_ auth: String) throws(ProviderFileError) -> ProviderDefinition {
        let json = #"{"name": "corp", "engine": "openai", "host": "https://llm.example.com/v1", "models": [], "auth": \#(auth)}"#
        return try ProviderFileParser(path: "/cfg/providers/corp.json").parse(Data(json.utf8))
    }

    func problem(_ auth: String) -> String {
        do {
            _ = try parse(auth)
            return "no problem"
        } catch {
            return error.reason
        }
    }

    @Test func eachFlowLoadsWithItsEndpoints() throws {
        let device = try parse(
            #"{"type": "oauth", "flow": "device", "client_id": "abc", "scopes": ["chat", "offline_access"], "device_authorization_url": "https://id.example.com/device", "token_url": "https://id.example.com/token"}"#)
        #expect(
            device.auth
                == .oauth(
                    OAuthSettings(
                        flow: .device, clientID: "abc", scopes: ["chat", "offline_access"],
                        deviceAuthorizationURL: "https://id.example.com/device", tokenURL: "https://id.example.com/token")))
        let pkce = try parse(
            #"{"type": "oauth", "flow": "pkce", "client_id": "abc", "scopes": "openid  chat", "authorization_url": "https://id.example.com/authorize", "token_url": "https://id.example.com/token"}"#)
        guard case .oauth(let settings) = pkce.auth else { throw ProviderFileError(path: "", key: nil, problem: "not oauth") }
        #expect(settings.scopes == ["openid", "chat"], "a space-separated string, as the scope parameter is written")
        #expect(settings.authorizationURL == "https://id.example.com/authorize")
        let machine = try parse(
            #"{"type": "oauth", "flow": "client_credentials", "client_id": "svc", "client_secret": "${CORP_SECRET}", "token_url": "https://id.example.com/token"}"#)
        #expect(machine.missingVariables(in: [:]) == ["CORP_SECRET"])
        #expect(machine.missingVariables(in: ["CORP_SECRET": "x"]).isEmpty)
    }

    @Test(arguments: [
        (#"{"type": "oauth", "client_id": "a", "token_url": "t"}"#, "auth.flow: missing (required)"),
        (#"{"type": "oauth", "flow": "implicit", "client_id": "a", "token_url": "t"}"#,
            "auth.flow: expected device, pkce or client_credentials, found \"implicit\""),
        (#"{"type": "oauth", "flow": "device", "client_id": "a", "token_url": "t"}"#,
            "auth.device_authorization_url: missing (the device flow needs it)"),
        (#"{"type": "oauth", "flow": "device", "client_id": "a", "device_authorization_url": "d"}"#,
            "auth.token_url: missing (the device flow needs it)"),
        (#"{"type": "oauth", "flow": "pkce", "client_id": "a", "token_url": "t"}"#,
            "auth.authorization_url: missing (the pkce flow needs it)"),
        (#"{"type": "oauth", "flow": "client_credentials", "client_id": "a", "token_url": "t"}"#,
            "auth.client_secret: missing (the client_credentials flow needs it)"),
        (#"{"type": "oauth", "flow": "pkce", "authorization_url": "a", "token_url": "t"}"#,
            "auth.client_id: missing (the pkce flow needs it)"),
        (#"{"type": "oauth", "flow": "pkce", "client_id": 7, "authorization_url": "a", "token_url": "t"}"#,
            "auth.client_id: expected a string, found 7"),
        (#"{"type": "oauth", "flow": "pkce", "client_id": "a", "authorization_url": "a", "token_url": "t", "scopes": ["x", 1]}"#,
            "auth.scopes[1]: expected a string, found a number"),
        (#"{"type": "oauth", "flow": "pkce", "client_id": "a", "authorization_url": "a", "token_url": "t", "scopes": true}"#,
            "auth.scopes: expected an array of strings or a space-separated string, found a boolean"),
    ])
    func mistakesNameTheKeyAndTheFlow(auth: String, expected: String) {
        #expect(problem(auth) == expected)
    }

    /// RFC 7636 Appendix B.
    @Test func theS256ChallengeIsRFC7636sExample() {
        #expect(PKCE.challenge(forVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let fresh = PKCE()
        #expect(fresh.verifier.count == 43)
        #expect(fresh.verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(PKCE().verifier != fresh.verifier)
    }

    @Test func formEncodingRoundTrips() {
        let pairs = [("scope", "chat offline"), ("redirect_uri", "http://127.0.0.1:5/callback"), ("odd", "a+b&c=d")]
        let encoded = FormEncoding.encode(pairs)
        #expect(encoded == "scope=chat%20offline&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcallback&odd=a%2Bb%26c%3Dd")
        #expect(FormEncoding.decode(Substring(encoded)) == Dictionary(uniqueKeysWithValues: pairs))
        #expect(FormEncoding.decode("a=one+two&b=") == ["a": "one two", "b": ""])
    }

    @Test func aTokenIsRenewedWithinAMinuteOfExpiry() {
        let now = Date()
        #expect(OAuthToken(accessToken: "t", expiresAt: now + 59).needsRenewal(at: now))
        #expect(!OAuthToken(accessToken: "t", expiresAt: now + 61).needsRenewal(at: now))
        #expect(!OAuthToken(accessToken: "t").needsRenewal(at: now), "no expiry known: used until refused")
        #expect(OAuthToken(accessToken: "t", refreshToken: "r", expiresAt: now - 5).isUsable(at: now))
        #expect(!OAuthToken(accessToken: "t", expiresAt: now - 5).isUsable(at: now))
    }
}
