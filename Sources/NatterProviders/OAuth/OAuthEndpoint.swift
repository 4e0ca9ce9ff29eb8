import AsyncHTTPClient
import Foundation
import NIOCore

/// One form-encoded POST to an authorization server (RFC 6749 §3.2, RFC 8628 §3.1) and its JSON answer.
/// OAuth errors (`{"error": "authorization_pending"}`) come back as answers, not thrown: what they mean depends
/// on the flow. Only what no flow can act on is thrown: no connection, a 5xx, a body that is not JSON.
struct OAuthEndpoint {
    let client: HTTPClient
    /// Whose sign-in this is: its `allow_insecure_http` decides whether plain http to another host may carry
    /// client secrets, codes and refresh tokens.
    let provider: ProviderDefinition
    /// For the whole exchange: these answers are small and immediate, unlike a model's reply.
    var timeout: Duration = .seconds(30)

    struct Answer {
        var status: Int
        var document: JSONValue

        /// The OAuth `error` code, when the server sent one (GitHub sends them with status 200).
        var errorCode: String? {
            if case .string(let code)? = document["error"] { return code }
            return nil
        }

        var errorDescription: String? {
            if case .string(let text)? = document["error_description"], !text.isEmpty { return text }
            return nil
        }

        func string(_ key: String) -> String? {
            if case .string(let text)? = document[key], !text.isEmpty { return text }
            return nil
        }

        /// `expires_in` and `interval` are numbers, but some servers send them as strings.
        func seconds(_ key: String) -> Double? {
            switch document[key] {
            case .number(let value)?: return ExternalNumber.seconds(value)
            case .string(let text)?: return ExternalNumber.seconds(Double(text))
            default: return nil
            }
        }
    }

    func post(_ url: String, form: [(String, String)]) async throws(ProviderError) -> Answer {
        try PlainHTTPGuard.check(url: url, carriesCredentials: true, provider: provider)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        // GitHub answers in form encoding unless asked for JSON.
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "natter/\(NatterVersion.current)")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        let status: Int
        let body: ByteBuffer
        let headers: [(String, String)]
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            status = Int(response.status.code)
            headers = response.headers.map { ($0.name, $0.value) }
            body = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            if Task.isCancelled { throw ProviderError(.network, "cancelled") }
            let reason = WatchedExchange.describe(error)
            throw ProviderError(.network, "the OAuth server at \(Self.hostOf(url)) could not be reached: \(reason)")
        }
        let data = Data(body.readableBytesView)
        guard let document = try? JSONValue.parse(data), case .object = document else {
            if (200..<300).contains(status) {
                throw ProviderError(.malformedResponse, "the OAuth server at \(Self.hostOf(url)) did not answer with JSON")
            }
            throw ErrorClassifier.error(status: status, body: data, headers: headers)
        }
        if status >= 500 { throw ErrorClassifier.error(status: status, body: data, headers: headers) }
        return Answer(status: status, document: document)
    }

    /// For messages: the scheme and host, never a query that might carry a secret.
    static func hostOf(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the configured URL" }
        return (components.scheme.map { $0 + "://" } ?? "") + host + (components.port.map { ":\($0)" } ?? "")
    }
}
