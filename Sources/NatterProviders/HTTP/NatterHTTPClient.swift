import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The one HTTP client natter uses. Not `HTTPClient.shared`: that one has a 90-second read timeout which
/// would cut a long reasoning pause short; natter enforces `timeout_seconds` itself, counting only real data.
public enum NatterHTTPClient {
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            // Never followed: a redirect to another origin would take the key with it (AsyncHTTPClient strips
            // only Authorization), and a 301/302 turns the POST into a GET whose answer is not a reply. A 3xx is
            // reported with where it pointed, so the person can correct the host (see ErrorClassifier).
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(15), read: nil),
            decompression: .enabled(limit: .ratio(50)))
        configuration.httpVersion = .automatic
        // natter retries failed connections itself, with the backoff a person sees and can cancel; the
        // pool's own silent retries made "connection refused" take the whole connect timeout to surface.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Never shut down: it lives as long as the process, like HTTPClient.shared.
        return HTTPClient(eventLoopGroup: NetworkThread.shared.group, configuration: configuration)
    }()
}
