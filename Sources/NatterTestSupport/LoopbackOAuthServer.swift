import Foundation
import NatterProviders
import Synchronization

/// An OAuth authorization server on 127.0.0.1 for the tests, built on `LoopbackServer`: the RFC 8628 device
/// endpoint, an RFC 7636 authorization endpoint that redirects straight back (no sign-in page: the test is
/// the person), and a token endpoint for device codes, authorization codes, refresh tokens and client
/// credentials. It issues `access-1`, `access-2`, … so a test can tell which token a request carried.
public final class LoopbackOAuthServer: Sendable {
    /// The answer to one poll of the device flow.
    public enum DeviceAnswer: Sendable {
        case pending, slowDown, approve, deny, expire
    }

    public struct Script: Sendable {
        public var clientID = "natter-test"
        /// Required from clients when set (client credentials).
        public var clientSecret: String?
        /// Answers to successive device-code polls; the last one repeats.
        public var devicePolls: [DeviceAnswer] = [.approve]
        public var deviceInterval = 5
        public var deviceExpiresIn = 600
        /// The authorization endpoint redirects back with `error=access_denied`.
        public var denyAuthorization = false
        /// `expires_in` of every token issued; nil leaves it out.
        public var tokenLifetime: Int? = 3600
        public var issuesRefreshTokens = true

        public init() {}
    }

    /// One authorization code exchanged, as the server judged it.
    public struct CodeExchange: Sendable, Hashable {
        /// BASE64URL(SHA256(code_verifier)) equalled the code_challenge sent to the authorization endpoint.
        public var verifierMatched: Bool
        public var challengeMethod: String
        public var redirectURIMatched: Bool

        public init(verifierMatched: Bool, challengeMethod: String, redirectURIMatched: Bool) {
            self.verifierMatched = verifierMatched
            self.challengeMethod = challengeMethod
            self.redirectURIMatched = redirectURIMatched
        }
    }

    private struct PendingCode: Sendable {
        var challenge: String
        var method: String
        var redirectURI: String
    }

    private struct State: Sendable {
        var issued: [String] = []
        var liveRefreshTokens: Set<String> = []
        var codes: [String: PendingCode] = [:]
        var polls = 0
        var exchanges: [CodeExchange] = []
    }

    public static let userCode = "WDJB-MJHT"
    public static let deviceCode = "device-code-1"

    /// What the server has issued and seen, shared with its request handler.
    private final class Ledger: Sendable {
        let records = Mutex(State())
        let port = Mutex(0)
    }

    private let server: LoopbackServer
    private let state: Ledger

    public static func start(_ script: Script = Script()) async throws -> LoopbackOAuthServer {
        let state = Ledger()
        let server = try await LoopbackServer.start { request, _ in
            Self.answer(request, script: script, state: state, base: "http://127.0.0.1:\(state.port.withLock { $0 })")
        }
        state.port.withLock { $0 = server.port }
        return LoopbackOAuthServer(server: server, state: state)
    }

    private init(server: LoopbackServer, state: Ledger) {
        self.server = server
        self.state = state
    }

    public var url: String { server.url }
    public var deviceAuthorizationURL: String { url + "/device/code" }
    public var authorizationURL: String { url + "/authorize" }
    public var tokenURL: String { url + "/token" }

    /// Every access token issued, oldest first.
    public var issuedAccessTokens: [String] { state.records.withLock { $0.issued } }
    public var codeExchanges: [CodeExchange] { state.records.withLock { $0.exchanges } }
    public var requests: [RecordedRequest] { server.requests }

    /// The form of every token request with this grant type (`refresh_token`, `client_credentials`, …).
    public func tokenRequests(grantType: String) -> [[String: String]] {
        server.requests.filter { $0.path == "/token" }.map { Self.form($0.bodyText) }.filter { $0["grant_type"] == grantType }
    }

    /// Makes every refresh token issued so far invalid, as a server does when a grant is revoked.
    public func revokeRefreshTokens() {
        state.records.withLock { $0.liveRefreshTokens.removeAll() }
    }

    public func stop() async { await server.stop() }

    private static func answer(_ request: RecordedRequest, script: Script, state: Ledger, base: String) -> ScriptedResponse {
        let form = Self.form(request.bodyText)
        switch (request.method, request.path) {
        case ("POST", "/device/code"):
            guard form["client_id"] == script.clientID else { return error("invalid_client", status: 401) }
            return .json(
                json([
                    "device_code": deviceCode, "user_code": userCode, "verification_uri": base + "/device",
                    "verification_uri_complete": base + "/device?user_code=" + userCode,
                    "expires_in": script.deviceExpiresIn, "interval": script.deviceInterval,
                ]))
        case ("GET", "/authorize"):
            return authorize(Self.form(request.query ?? ""), script: script, state: state)
        case ("POST", "/token"):
            guard form["client_id"] == script.clientID else { return error("invalid_client", status: 401) }
            if let secret = script.clientSecret, form["client_secret"] != secret { return error("invalid_client", status: 401) }
            return token(form, script: script, state: state)
        default:
            return .text("not found", status: 404)
        }
    }

    private static func authorize(_ query: [String: String], script: Script, state: Ledger) -> ScriptedResponse {
        guard query["client_id"] == script.clientID, query["response_type"] == "code", let redirect = query["redirect_uri"],
            let challenge = query["code_challenge"], let requestState = query["state"]
        else { return .text("bad authorization request", status: 400) }
        let back: String
        if script.denyAuthorization {
            back = redirect + "?error=access_denied&state=" + requestState
        } else {
            let code = "code-" + UUID().uuidString
            state.records.withLock {
                $0.codes[code] = PendingCode(challenge: challenge, method: query["code_challenge_method"] ?? "plain", redirectURI: redirect)
            }
            back = redirect + "?code=" + code + "&state=" + requestState
        }
        return ScriptedResponse(status: 302, headers: [("Location", back)], steps: [])
    }

    private static func token(_ form: [String: String], script: Script, state: Ledger) -> ScriptedResponse {
        switch form["grant_type"] {
        case "urn:ietf:params:oauth:grant-type:device_code":
            guard form["device_code"] == deviceCode else { return error("invalid_grant") }
            let poll = state.records.withLock { state in
                defer { state.polls += 1 }
                return state.polls
            }
            switch script.devicePolls[min(poll, script.devicePolls.count - 1)] {
            case .pending: return error("authorization_pending")
            case .slowDown: return error("slow_down")
            case .deny: return error("access_denied")
            case .expire: return error("expired_token")
            case .approve: return issue(script, state)
            }
        case "authorization_code":
            guard let code = form["code"], let pending = state.records.withLock({ $0.codes.removeValue(forKey: code) }) else {
                return error("invalid_grant")
            }
            let exchange = CodeExchange(
                verifierMatched: PKCE.challenge(forVerifier: form["code_verifier"] ?? "") == pending.challenge,
                challengeMethod: pending.method, redirectURIMatched: form["redirect_uri"] == pending.redirectURI)
            state.records.withLock { $0.exchanges.append(exchange) }
            guard exchange.verifierMatched, exchange.redirectURIMatched, pending.method == "S256" else { return error("invalid_grant") }
            return issue(script, state)
        case "refresh_token":
            guard let refresh = form["refresh_token"], state.records.withLock({ $0.liveRefreshTokens.remove(refresh) }) != nil else {
                return error("invalid_grant")
            }
            return issue(script, state)
        case "client_credentials":
            return issue(script, state)
        default:
            return error("unsupported_grant_type")
        }
    }

    private static func issue(_ script: Script, _ state: Ledger) -> ScriptedResponse {
        let (access, refresh) = state.records.withLock { state in
            state.issued.append("access-\(state.issued.count + 1)")
            let refresh = "refresh-\(state.issued.count)"
            if script.issuesRefreshTokens { state.liveRefreshTokens.insert(refresh) }
            return (state.issued.last!, refresh)
        }
        var body: [String: Any] = ["access_token": access, "token_type": "Bearer"]
        if let lifetime = script.tokenLifetime { body["expires_in"] = lifetime }
        if script.issuesRefreshTokens { body["refresh_token"] = refresh }
        return .json(json(body))
    }

    private static func error(_ code: String, status: Int = 400) -> ScriptedResponse {
        .json(json(["error": code, "error_description": "the test server says \(code)"]), status: status)
    }

    private static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func form(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            values[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return values
    }
}
