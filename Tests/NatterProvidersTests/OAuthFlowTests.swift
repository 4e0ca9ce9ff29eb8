import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// Each OAuth flow end to end against a real OAuth server on 127.0.0.1, then a chat request that must carry
/// the token the flow obtained.
@Suite struct OAuthFlowTests {
    @Test func deviceFlowShowsTheCodePollsPatientlyAndTheChatCarriesTheToken() async throws {
        var script = LoopbackOAuthServer.Script()
        script.devicePolls = [.pending, .slowDown, .pending, .approve]
        script.deviceInterval = 5
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context()))

        #expect(outcome.error == nil)
        #expect(outcome.text == "hello")
        #expect(
            fixture.prompts.all == [
                .enterCode(
                    provider: "corp", userCode: LoopbackOAuthServer.userCode, verificationURL: fixture.oauth.url + "/device",
                    completeURL: fixture.oauth.url + "/device?user_code=" + LoopbackOAuthServer.userCode)
            ])
        // The interval, then five seconds more for every slow_down, kept for the polls after it.
        #expect(fixture.sleeps.all == [.seconds(5), .seconds(5), .seconds(10), .seconds(10)])
        #expect(fixture.oauth.tokenRequests(grantType: "urn:ietf:params:oauth:grant-type:device_code").count == 4)
        let deviceRequest = try #require(fixture.oauth.requests.first { $0.path == "/device/code" })
        #expect(deviceRequest.bodyText == "client_id=natter-test&scope=chat%20offline")
        #expect(fixture.chatTokens == ["access-1"])
        #expect(fixture.store.load("corp")?.accessToken == "access-1")
        #expect(fixture.store.load("corp")?.refreshToken == "refresh-1")
    }

    @Test func aDeniedDeviceGrantSaysSoAndStoresNothing() async throws {
        var script = LoopbackOAuthServer.Script()
        script.devicePolls = [.pending, .deny]
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context()))

        #expect(outcome.error?.kind == .authentication)
        #expect(outcome.error?.description == "authentication failed: the sign-in to corp was denied")
        #expect(fixture.chat.requests.isEmpty)
        #expect(fixture.store.load("corp") == nil)
    }

    /// The server's expired_token, and natter's own count of the code's lifetime when the server never says.
    @Test(arguments: [([LoopbackOAuthServer.DeviceAnswer.pending, .expire], 600, 2), ([.pending], 12, 2)])
    func anExpiredDeviceCodeTimesOut(polls: [LoopbackOAuthServer.DeviceAnswer], lifetime: Int, expectedPolls: Int) async throws {
        var script = LoopbackOAuthServer.Script()
        script.devicePolls = polls
        script.deviceExpiresIn = lifetime
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context()))

        #expect(outcome.error?.kind == .authentication)
        #expect(outcome.error?.message.hasPrefix("the sign-in to corp timed out") == true, "\(String(describing: outcome.error))")
        #expect(fixture.oauth.tokenRequests(grantType: "urn:ietf:params:oauth:grant-type:device_code").count == expectedPolls)
        #expect(fixture.chat.requests.isEmpty)
    }

    @Test func pkceSignsInThroughTheBrowserAndTheServerChecksTheVerifier() async throws {
        let fixture = try await OAuthFixture.start()
        defer { Task { await fixture.stop() } }
        let pages = Recorder<String>()
        let forged = Recorder<Int>()
        let context = fixture.context(realSleep: true) { url in
            // A page that is not the sign-in natter started tries its own code first: refused, ignored.
            if let redirect = Browser.parameter("redirect_uri", of: url),
                let answer = try? await Browser.visit(redirect + "?code=forged&state=not-natters")
            {
                forged.append(answer.status)
            }
            if let page = try? await Browser.visit(url) { pages.append(page.text) }
        }

        let outcome = await StreamFixtures.run(fixture.provider(.pkce, context: context))

        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.text == "hello")
        #expect(forged.all == [400])
        #expect(pages.all.count == 1)
        #expect(pages.all.first?.contains("Signed in") == true)
        #expect(fixture.oauth.codeExchanges == [.init(verifierMatched: true, challengeMethod: "S256", redirectURIMatched: true)])
        let prompt = try #require(fixture.prompts.all.first)
        guard case .openBrowser(let provider, let url) = prompt else {
            Issue.record("expected a browser prompt, got \(prompt)")
            return
        }
        #expect(provider == "corp")
        #expect(url.hasPrefix(fixture.oauth.authorizationURL + "?"))
        let redirect = try #require(Browser.parameter("redirect_uri", of: url))
        #expect(redirect.hasPrefix("http://127.0.0.1:") && redirect.hasSuffix("/callback"))
        #expect(Browser.parameter("code_challenge_method", of: url) == "S256")
        #expect(Browser.parameter("scope", of: url) == "chat offline")
        #expect((Browser.parameter("state", of: url)?.count ?? 0) >= 16)
        let exchange = try #require(fixture.oauth.tokenRequests(grantType: "authorization_code").first)
        #expect(exchange["code_verifier"]?.count == 43)
        #expect(fixture.chatTokens == ["access-1"])
    }

    @Test func aDeniedPKCESignInSaysSo() async throws {
        var script = LoopbackOAuthServer.Script()
        script.denyAuthorization = true
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }
        let pages = Recorder<String>()
        let context = fixture.context(realSleep: true) { url in
            if let page = try? await Browser.visit(url) { pages.append(page.text) }
        }

        let outcome = await StreamFixtures.run(fixture.provider(.pkce, context: context))

        #expect(outcome.error?.description == "authentication failed: the sign-in to corp was denied")
        #expect(pages.all.first?.contains("did not succeed") == true)
        #expect(fixture.oauth.tokenRequests(grantType: "authorization_code").isEmpty)
        #expect(fixture.chat.requests.isEmpty)
    }

    @Test func aPKCESignInNobodyFinishesTimesOut() async throws {
        let fixture = try await OAuthFixture.start()
        defer { Task { await fixture.stop() } }

        // The injected sleep returns at once: the wait limit has passed and the browser never came back.
        let outcome = await StreamFixtures.run(fixture.provider(.pkce, context: fixture.context()))

        #expect(outcome.error?.kind == .authentication)
        #expect(outcome.error?.message.hasPrefix("the sign-in to corp timed out") == true)
        #expect(fixture.sleeps.all == [.seconds(300)])
    }

    @Test func clientCredentialsNeedNobodyAndSendTheExpandedSecret() async throws {
        var script = LoopbackOAuthServer.Script()
        script.clientSecret = "s3cret-value"
        let fixture = try await OAuthFixture.start(script)
        defer { Task { await fixture.stop() } }

        let outcome = await StreamFixtures.run(fixture.provider(.clientCredentials, context: fixture.context(interactive: false)))

        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.text == "hello")
        let grant = try #require(fixture.oauth.tokenRequests(grantType: "client_credentials").first)
        #expect(grant["client_secret"] == "s3cret-value")
        #expect(grant["scope"] == "chat offline")
        #expect(fixture.chatTokens == ["access-1"])
    }

    @Test func withNobodyToAskAFlowThatNeedsAPersonSaysToRunLogin() async throws {
        let fixture = try await OAuthFixture.start()
        defer { Task { await fixture.stop() } }
        var registry = ProviderRegistry()
        registry.register(fixture.definition(.device), origin: .builtin)
        let entry = try #require(registry.entry(named: "corp"))
        #expect(entry.status(environment: fixture.environment) == .needsLogin)
        #expect(entry.status(environment: fixture.environment).description == "needs natter login")

        let outcome = await StreamFixtures.run(fixture.provider(.device, context: fixture.context(interactive: false)))

        #expect(outcome.error?.description == "not configured: corp is not signed in: run `natter login corp`")
        #expect(fixture.oauth.requests.isEmpty)
        #expect(fixture.chat.requests.isEmpty)

        try fixture.store.save(OAuthToken(accessToken: "access-9", expiresAt: Date() + 3600), for: "corp")
        #expect(entry.status(environment: fixture.environment) == .ready)
    }
}
