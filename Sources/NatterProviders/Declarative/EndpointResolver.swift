import Foundation

/// Where each engine's requests go, from a provider's `host` (SPEC 3.1). People paste hosts with and without
/// `/v1`, with a trailing slash, or as the full chat URL; each form resolves to the endpoint they meant.
public enum EndpointResolver {
    public static func chatURL(engine: Engine, host: String) -> String {
        let base = trimmed(host)
        switch engine {
        case .openai:
            if base.hasSuffix("/chat/completions") { return base }
            return openAIBase(base) + "/chat/completions"
        case .anthropic:
            return anthropicBase(base) + "/messages"
        case .ollama:
            return base + "/api/chat"
        }
    }

    public static func modelsURL(engine: Engine, host: String) -> String {
        let base = trimmed(host)
        switch engine {
        case .openai:
            if base.hasSuffix("/chat/completions") {
                return String(base.dropLast("/chat/completions".count)) + "/models"
            }
            return openAIBase(base) + "/models"
        case .anthropic:
            // The API pages its list 20 at a time by default; 1000, its maximum, is every model in one reply.
            return anthropicBase(base) + "/models?limit=1000"
        case .ollama:
            return base + "/api/tags"
        }
    }

    /// Adds query parameters, percent-encoded, keeping any the URL already has.
    public static func appendingQuery(_ items: [(String, String)], to url: String) -> String {
        guard !items.isEmpty else { return url }
        let encoded = items.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + encoded
    }

    /// Without a trailing slash, and with `http://` when no scheme is given: Ollama's own `OLLAMA_HOST` is
    /// commonly `0.0.0.0:11434` or `localhost:11434`.
    private static func trimmed(_ host: String) -> String {
        var base = host.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if !base.contains("://") { base = "http://" + base }
        return base
    }

    /// An OpenAI-style host with no path at all means the API root, which is `/v1` everywhere.
    private static func openAIBase(_ base: String) -> String {
        hasEmptyPath(base) ? base + "/v1" : base
    }

    private static func anthropicBase(_ base: String) -> String {
        base.hasSuffix("/v1") ? base : base + "/v1"
    }

    private static func hasEmptyPath(_ base: String) -> Bool {
        guard let components = URLComponents(string: base) else { return false }
        return components.path.isEmpty || components.path == "/"
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
