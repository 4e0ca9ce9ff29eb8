import AsyncHTTPClient
import Foundation

/// What a provider needs from the world, passed in so tests can supply their own: the environment (read at
/// each request, so `${VAR}` always sees the current value), the HTTP client, and how to wait between retries.
public struct ProviderContext: Sendable {
    public var environment: @Sendable () -> [String: String]
    public var httpClient: HTTPClient
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in 0...1 for retry jitter.
    public var jitter: @Sendable () -> Double

    public init(
        environment: @escaping @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment },
        httpClient: HTTPClient = NatterHTTPClient.shared,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.environment = environment
        self.httpClient = httpClient
        self.sleep = sleep
        self.jitter = jitter
    }

    public static var live: ProviderContext { ProviderContext() }
}
