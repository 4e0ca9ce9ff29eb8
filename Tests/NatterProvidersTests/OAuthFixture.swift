import AsyncHTTPClient
import Foundation
import NatterTestSupport
import Synchronization

@testable import NatterProviders

/// What the OAuth tests share: a scratch config folder for the token store, a loopback OAuth server, and a
/// loopback chat server that answers only requests carrying a token the test accepts.
struct OAuthFixture {
    let config: String
    let oauth: LoopbackOAuthServer
    let chat: LoopbackServer
    let prompts = Recorder<OAuthPrompt>()
    let sleeps = Recorder<Duration>()

    /// `accepts` sees the bearer token of each chat request and its index; by default any token the OAuth
    /// server issued is good.
    static func start(
        _ script: LoopbackOAuthServer.Script = LoopbackOAuthServer.Script(),
        accepts: (@Sendable (String, Int, LoopbackOAuthServer) -> Bool)? = nil
    ) async throws -> OAuthFixture {
        let config = NSTemporaryDirectory() + "natter-oauth-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        let oauth = try await LoopbackOAuthServer.start(script)
        let chat = try await LoopbackServer.start { request, index in
            let token = request.header("Authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
            let good = accepts?(token, index, oauth) ?? oauth.issuedAccessTokens.contains(token)
            guard good else {
                // Echoes the token back, as some servers do, to prove it never reaches an error message.
                return .json(#"{"error":{"message":"invalid token \#(token)","type":"invalid_request_error"}}"#, status: 401)
            }
            return .stream(StreamFixtures.openAI(["hello"]))
        }
        return OAuthFixture(config: config, oauth: oauth, chat: chat)
    }

    func stop() async {
        await oauth.stop()
        await chat.stop()
    }

    var store: OAuthTokenStore { OAuthTokenStore(directory: config + "/oauth") }

    var environment: [String: String] { ["NATTER_CONFIG_DIR": config, "TEST_CLIENT_SECRET": "s3cret-value"] }

    func settings(_ flow: OAuthSettings.Flow) -> OAuthSettings {
        OAuthSettings(
            flow: flow, clientID: "natter-test", clientSecret: flow == .clientCredentials ? "${TEST_CLIENT_SECRET}" : nil,
            scopes: ["chat", "offline"], deviceAuthorizationURL: oauth.deviceAuthorizationURL,
            authorizationURL: oauth.authorizationURL, tokenURL: oauth.tokenURL)
    }

    func definition(_ flow: OAuthSettings.Flow) -> ProviderDefinition {
        ProviderDefinition(
            name: "corp", engine: .openai, host: chat.url, models: [ModelInfo(name: "m-1")], auth: .oauth(settings(flow)),
            timeoutSeconds: 10, retry: RetryPolicy(maxRetries: 0, initialDelay: .milliseconds(10), maxDelay: .milliseconds(100)))
    }

    /// A presenter that records what it shows and plays the browser with `browse`; sleeps are recorded and
    /// return at once unless `realSleep`.
    func context(
        interactive: Bool = true, realSleep: Bool = false, browse: (@Sendable (String) async -> Void)? = nil
    ) -> ProviderContext {
        let prompts = self.prompts
        let sleeps = self.sleeps
        let environment = self.environment
        let presenter = OAuthPresenter(show: { prompts.append($0) }, openURL: { url in await browse?(url) })
        return ProviderContext(
            environment: { environment },
            sleep: { duration in
                sleeps.append(duration)
                if realSleep { try await Task.sleep(for: duration) } else { await Task.yield() }
            },
            oauthPresenter: interactive ? presenter : nil)
    }

    func provider(_ flow: OAuthSettings.Flow, context: ProviderContext) -> DeclarativeProvider {
        DeclarativeProvider(definition: definition(flow), context: context)
    }

    /// The bearer token of every chat request, in order.
    var chatTokens: [String] {
        chat.requests.map { ($0.header("Authorization") ?? "").replacingOccurrences(of: "Bearer ", with: "") }
    }
}

/// Values gathered from `@Sendable` closures, readable by the test.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// The test playing a person's browser: fetches a page and follows its redirects, as a browser would.
enum Browser {
    /// A browser follows redirects; natter's own client never does (a key must not go to another address).
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .follow(max: 5, allowCycles: false)))

    static func visit(_ url: String) async throws -> (status: Int, text: String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(decoding: body.readableBytesView, as: UTF8.self))
    }

    /// A query parameter of a URL.
    static func parameter(_ name: String, of url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}
