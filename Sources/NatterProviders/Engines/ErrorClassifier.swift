import Foundation

/// Sorts a failure into the classes a person can act on, from whatever the provider gave: an HTTP status,
/// an error type or code, or only a message.
enum ErrorClassifier {
    static func kind(status: Int?, type: String?, code: String?, message: String) -> ProviderError.Kind {
        let hints = [type, code, message].compactMap { $0?.lowercased() }
        func mentions(_ words: [String]) -> Bool { hints.contains { hint in words.contains { hint.contains($0) } } }

        if mentions(["context_length", "context length", "maximum context", "context window", "prompt is too long",
            "too many tokens", "reduce the length"])
        {
            return .contextLength
        }
        if let status {
            switch status {
            case 401, 403: return .authentication
            case 429: return .rateLimit
            case 413: return .contextLength
            case 408, 500...599: return .server
            default: return .rejected
            }
        }
        if mentions(["rate_limit", "rate limit", "quota", "too many requests"]) { return .rateLimit }
        if mentions(["authentication", "permission", "invalid_api_key", "unauthorized", "invalid api key"]) {
            return .authentication
        }
        if mentions(["overloaded", "server_error", "api_error", "internal", "unavailable"]) { return .server }
        return .rejected
    }

    /// A non-2xx response as an error, with the provider's own message when its body has one.
    static func error(status: Int, body: Data, headers: [(String, String)]) -> ProviderError {
        if (300..<400).contains(status) { return redirect(status: status, headers: headers) }
        let message = extractMessage(from: body) ?? HTTPStatusText.phrase(for: status)
        let kind: ProviderError.Kind =
            status == 529 ? .server : self.kind(status: status, type: nil, code: nil, message: message)
        return ProviderError(kind, message, status: status, retryAfter: RetryAfter.parse(headers: headers))
    }

    /// natter follows no redirect (NatterHTTPClient): it says where the provider pointed instead. The address is
    /// shown without its query, which could carry a key back.
    static func redirect(status: Int, headers: [(String, String)]) -> ProviderError {
        let location = headers.first { $0.0.caseInsensitiveCompare("Location") == .orderedSame }?.1
        let target = location.map { String($0.prefix { $0 != "?" && $0 != "#" }) }
        let message = target.map {
            "the provider redirected to \($0); natter does not follow redirects (a key must not go to another address): if that address is right, use it as the provider's host"
        } ?? "the provider answered with a redirect but no address; check the host"
        return ProviderError(.rejected, message, status: status)
    }

    /// `{"error": {"message": …}}`, `{"error": "…"}`, `{"message": …}` or `{"detail": …}`; else the text itself.
    static func extractMessage(from body: Data) -> String? {
        if let document = try? JSONValue.parse(body) {
            switch document["error"] {
            case .string(let text)?: return text
            case .object?:
                if case .string(let text)? = document["error"]?["message"] { return text }
            default: break
            }
            for key in ["message", "detail"] {
                if case .string(let text)? = document[key] { return text }
            }
        }
        let text = String(decoding: body.prefix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text.hasPrefix("<") ? nil : text
    }
}

enum HTTPStatusText {
    static func phrase(for status: Int) -> String {
        switch status {
        case 400: return "bad request"
        case 401: return "unauthorized: check the API key"
        case 403: return "forbidden: the key may lack access to this model"
        case 404: return "not found: check the host and the model name"
        case 408: return "request timeout"
        case 413: return "request too large"
        case 422: return "unprocessable request"
        case 429: return "too many requests"
        case 500: return "internal server error"
        case 502: return "bad gateway"
        case 503: return "service unavailable"
        case 504: return "gateway timeout"
        case 529: return "overloaded"
        default: return "HTTP status \(status)"
        }
    }
}
