import Crypto
import Foundation

/// RFC 7636: a random code verifier kept by natter, and its S256 challenge sent with the authorization
/// request, so that a code intercepted on its way back is useless without the verifier.
public struct PKCE: Sendable, Hashable {
    public let verifier: String
    public var challenge: String { Self.challenge(forVerifier: verifier) }

    /// 32 random bytes make the 43-character verifier RFC 7636 §4.1 recommends. The system generator is
    /// the operating system's cryptographic one (getrandom, arc4random).
    public init() {
        verifier = Self.randomToken(bytes: 32)
    }

    public init(verifier: String) {
        self.verifier = verifier
    }

    /// BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2.
    public static func challenge(forVerifier verifier: String) -> String {
        base64URL(Array(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// Unguessable and URL-safe: for the verifier and for the `state` that ties a redirect to its request.
    static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Base64 with the URL-safe alphabet and no padding (RFC 7636 Appendix A).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
