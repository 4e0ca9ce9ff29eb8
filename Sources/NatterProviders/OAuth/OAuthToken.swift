import Foundation

/// An access token as kept between runs, with what it takes to renew it. A secret: never printed, logged or
/// put in an error message.
public struct OAuthToken: Sendable, Hashable, Codable {
    public var accessToken: String
    public var refreshToken: String?
    /// nil when the server did not say (no `expires_in`): the token is used until a request is refused.
    public var expiresAt: Date?

    /// Renewed this long before it expires, so that a request never leaves with a token about to lapse.
    static let refreshMargin: TimeInterval = 60

    public init(accessToken: String, refreshToken: String? = nil, expiresAt: Date? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
    }

    /// Expired, or close enough to it that it should be renewed first.
    func needsRenewal(at now: Date) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) < Self.refreshMargin
    }

    /// Good for a request now, or renewable without a person.
    func isUsable(at now: Date) -> Bool {
        !needsRenewal(at: now) || refreshToken != nil
    }
}
