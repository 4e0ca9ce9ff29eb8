import Foundation

/// `application/x-www-form-urlencoded`, both ways: token requests are sent in it (RFC 6749 §4), and the
/// browser's redirect brings the authorization code back in a query written the same way.
enum FormEncoding {
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// A query or form body as a dictionary; for a repeated name the first value wins.
    static func decode(_ text: Substring) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? unescape(parts[1]) : "" }
        }
        return values
    }

    /// Only the unreserved characters stay as they are; a space becomes %20, which every server reads.
    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static func unescape(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
