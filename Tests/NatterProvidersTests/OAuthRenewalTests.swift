import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// Keeping a token usable: a stored one used as is, renewed by refresh token shortly before it expires and
/// once after the provider refuses it, and never shown in an error.
@Suite struct OAuthRenewalTests {
    @Test func aStoredTokenFarFromExpiryIsUsedAsIs() async throws {
        let fixture = try await OAuthFixture.start(accepts: { token, _, _ in token == "stored-token" })
        defer { Task { await fixture.stop() } }
        try fixture.store.save(OAuthToken(accessToken: "stored-token", refreshToken: "r", expiresAt: Date() + 3600), for: "corp")

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context(interactive: false)))

        #expect(outcome.error == nil)
        #expect(fixture.chatTokens == ["stored-token"])
        #expect(fixture.oauth.requests.isEmpty)
    }

    @Test func aTokenAboutToExpireIsRefreshedFirst() async throws {
        var script = LoopbackOAuthServer.Script()
        script.tokenLifetime = 30  // inside the 60-second margin: due for renewal at once
        script.clientSecret = "s3cret-value"
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }
        let provider = fixture.provider(.clientCredentials, context: fixture.context(interactive: false))

        let first = await StreamFixtures.run(provider)
        let second = await StreamFixtures.run(provider)

        #expect(first.error == nil && second.error == nil)
        #expect(fixture.chatTokens == ["access-1", "access-2"])
        #expect(fixture.oauth.tokenRequests(grantType: "client_credentials").count == 1)
        let refresh = try #require(fixture.oauth.tokenRequests(grantType: "refresh_token").first)
        #expect(refresh["refresh_token"] == "refresh-1")
        #expect(refresh["client_secret"] == "s3cret-value")
        let stored = try #require(fixture.store.load("corp"))
        #expect(stored.accessToken == "access-2")
        #expect(stored.refreshToken == "refresh-2")
        #expect(abs((stored.expiresAt ?? .distantPast).timeIntervalSinceNow - 30) < 10)
    }

    /// Two natters whose token is due at the same moment, against a server that rotates refresh tokens (each
    /// works once): without the renewal lock the second spent a refresh token the first had just used up, and
    /// had to sign in again.
    @Test func twoNattersRenewingAtOnceBothGoOnWithoutSigningInAgain() async throws {
        var script = LoopbackOAuthServer.Script()
        script.tokenLifetime = 30  // inside the 60-second margin: due for renewal at once
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }
        // A first run signs in and stores a token due for renewal, with its refresh token.
        let signIn = await StreamFixtures.run(fixture.provider(.clientCredentials, context: fixture.context(interactive: false)))
        #expect(signIn.error == nil)

        // Two providers, each with its own token source as two processes have, and nobody to sign in.
        async let first = StreamFixtures.run(fixture.provider(.device, context: fixture.context(interactive: false)))
        async let second = StreamFixtures.run(fixture.provider(.device, context: fixture.context(interactive: false)))
        let outcomes = await [first, second]

        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.map { $0.error?.description ?? "ok" })")
        let refreshes = fixture.oauth.tokenRequests(grantType: "refresh_token").map { $0["refresh_token"] ?? "" }
        #expect(refreshes == ["refresh-1", "refresh-2"], "one after the other, each with the refresh token then current")
    }

    @Test func aRefusedTokenIsRefreshedOnceAndTheRequestSentAgain() async throws {
        // The provider has revoked the first token early; the second one is good.
        let fixture = try await OAuthFixture.start(accepts: { token, _, _ in token == "access-2" })
        defer { Task { await fixture.stop() } }
        let provider = fixture.provider(.device, context: fixture.context())

        let outcome = await StreamFixtures.run(provider)

        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.text == "hello")
        #expect(fixture.chatTokens == ["access-1", "access-2"])
        #expect(fixture.oauth.tokenRequests(grantType: "refresh_token").map { $0["refresh_token"] } == ["refresh-1"])
        #expect(fixture.store.load("corp")?.accessToken == "access-2")
    }

    @Test func aSecondRefusalIsAnAuthenticationErrorWithNoTokenInIt() async throws {
        let fixture = try await OAuthFixture.start(accepts: { _, _, _ in false })
        defer { Task { await fixture.stop() } }

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context()))

        let error = try #require(outcome.error)
        #expect(error.kind == .authentication)
        #expect(error.status == 401)
        #expect(fixture.chatTokens == ["access-1", "access-2"], "one refresh, one more try, no more")
        #expect(fixture.oauth.tokenRequests(grantType: "refresh_token").count == 1)
        // The server echoed the token back; neither token, nor any refresh token, reaches the person.
        for secret in ["access-1", "access-2", "refresh-1", "refresh-2"] {
            #expect(!error.description.contains(secret))
        }
        #expect(error.message == "invalid token [redacted]")
    }

    @Test func aRevokedRefreshTokenWithNobodyToAskSaysToSignInAgain() async throws {
        let fixture = try await OAuthFixture.start(accepts: { _, _, _ in false })
        defer { Task { await fixture.stop() } }
        try fixture.store.save(OAuthToken(accessToken: "old-token", refreshToken: "refresh-gone", expiresAt: Date() - 10), for: "corp")

        let outcome = await StreamFixtures.run(fixture.provider(.pkce, context: fixture.context(interactive: false)))

        #expect(outcome.error?.description == "not configured: corp needs to sign in again: run `natter login corp`")
        #expect(fixture.oauth.tokenRequests(grantType: "refresh_token").map { $0["refresh_token"] } == ["refresh-gone"])
        #expect(fixture.chat.requests.isEmpty)
    }

    @Test func modelDiscoveryCarriesTheTokenToo() async throws {
        let fixture = try await OAuthFixture.start(accepts: { token, _, _ in token == "stored-token" })
        defer { Task { await fixture.stop() } }
        try fixture.store.save(OAuthToken(accessToken: "stored-token", expiresAt: Date() + 3600), for: "corp")

        _ = await fixture.provider(.device, context: fixture.context(interactive: false)).modelListing()

        #expect(fixture.chat.requests.first?.path == "/v1/models")
        #expect(fixture.chatTokens == ["stored-token"])
    }

    @Test func theTokenFileIsPrivateAndWrittenWhole() async throws {
        let fixture = try await OAuthFixture.start()
        defer { Task { await fixture.stop() } }
        let directory = fixture.config + "/oauth"
        // A folder someone made too open is tightened.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context()))
        #expect(outcome.error == nil)

        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
        }
        #expect(try mode(directory) == 0o700)
        #expect(try mode(directory + "/corp.json") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["corp.json"], "no temporary file left")
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/corp.json"))) as? [String: Any])
        #expect(saved["access_token"] as? String == "access-1")
        #expect(saved["refresh_token"] as? String == "refresh-1")
        #expect((saved["expires_at"] as? String)?.hasSuffix("Z") == true)

        let source = try #require(OAuthTokenSource(definition: fixture.definition(.device), context: fixture.context()))
        #expect(try await source.logout() == true)
        #expect(try await source.logout() == false)
        #expect(fixture.store.load("corp") == nil)
    }
}
