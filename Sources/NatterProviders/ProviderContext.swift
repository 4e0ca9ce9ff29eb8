import AsyncHTTPClient
import Foundation

/// What a provider needs from the world, passed in so tests can supply their own: the environment (read at
/// each request, so `${VAR}` always sees the current value; also where OAuth tokens are kept, through
/// `NATTER_CONFIG_DIR` and the rest of SPEC 1), the HTTP client, how to wait between retries and OAuth polls,
/// and who can be asked to finish an OAuth login.
public struct ProviderContext: Sendable {
    public var environment: @Sendable () -> [String: String]
    /// Made when first asked for: the shared client starts its event-loop threads, which nothing before the
    /// first frame needs.
    public var httpClient: HTTPClient { makeHTTPClient() }
    private let makeHTTPClient: @Sendable () -> HTTPClient
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in 0...1 for retry jitter.
    public var jitter: @Sendable () -> Double
    /// Shows a device code or a sign-in page to a person. nil (the default) where nobody can be asked, as in
    /// the full-screen UI: an OAuth provider that needs a person then fails saying to run `natter login NAME`.
    public var oauthPresenter: OAuthPresenter?

    public init(
        environment: @escaping @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment },
        httpClient: @autoclosure @escaping @Sendable () -> HTTPClient = NatterHTTPClient.shared,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        oauthPresenter: OAuthPresenter? = nil
    ) {
        self.environment = environment
        self.makeHTTPClient = httpClient
        self.sleep = sleep
        self.jitter = jitter
        self.oauthPresenter = oauthPresenter
    }

    public static var live: ProviderContext { ProviderContext() }

    /// Where this context keeps OAuth tokens: `<config>/oauth`, from its own environment.
    var oauthTokenStore: OAuthTokenStore { OAuthTokenStore(paths: NatterPaths(environment: environment())) }
}
