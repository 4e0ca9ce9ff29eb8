import Foundation

/// Every form a secret takes on its way to a provider, and so every form in which a server may echo it back:
/// as typed, percent-encoded (a query key; lower- or upper-case hex), form-encoded, JSON-escaped, and for
/// Basic auth the base64 of `user:password` as well as the decoded pair and the password alone. Redaction
/// looks for all of them; a key with URL-special characters once leaked percent-encoded.
enum SecretForms {
    /// Forms shorter than this are not redacted: they would match ordinary words.
    static let shortest = 4

    static func variants(of secret: String) -> [String] {
        var forms = [secret]
        // A header value such as `Bearer abc…` or `Basic dXNl…`: a server may echo the credential alone.
        if let space = secret.firstIndex(of: " ") { forms.append(String(secret[secret.index(after: space)...])) }
        // A non-ASCII secret's UTF-8 bytes read back as Latin-1 (`é` as `Ã©`), as a server that decodes header
        // bytes one to a character echoes it.
        if !secret.utf8.allSatisfy({ $0 < 0x80 }) {
            forms.append(String(String.UnicodeScalarView(secret.utf8.map { Unicode.Scalar($0) })))
        }
        forms.append(EndpointResolver.percentEncoded(secret))
        if let strict = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            forms.append(strict)
            forms.append(lowercasedEscapes(strict))
            forms.append(strict.replacingOccurrences(of: "%20", with: "+"))
        }
        forms.append(jsonEscaped(secret, slash: false))
        forms.append(jsonEscaped(secret, slash: true))
        forms.append(Data(secret.utf8).base64EncodedString())
        if let decoded = basicCredentials(secret) ?? (secret.hasPrefix("Basic ") ? basicCredentials(String(secret.dropFirst(6))) : nil) {
            forms.append(decoded)
            if let password = decoded.split(separator: ":", maxSplits: 1).dropFirst().first { forms.append(String(password)) }
        }
        var seen = Set<String>()
        // Longest first, so that a form containing a shorter one is replaced whole.
        return forms.filter { $0.count >= shortest && seen.insert($0).inserted }.sorted { $0.count > $1.count }
    }

    /// Every variant of every secret, longest first.
    static func variants(of secrets: [String]) -> [String] {
        var seen = Set<String>()
        return secrets.flatMap(variants(of:)).filter { seen.insert($0).inserted }.sorted { $0.count > $1.count }
    }

    private static func lowercasedEscapes(_ encoded: String) -> String {
        var result = ""
        var remaining = encoded[...]
        while let percent = remaining.firstIndex(of: "%") {
            result += remaining[..<percent]
            let escape = remaining[percent...].prefix(3)
            result += escape.lowercased()
            remaining = remaining[escape.endIndex...]
        }
        return result + remaining
    }

    private static func jsonEscaped(_ text: String, slash: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "/" where slash: result += "\\/"
            case _ where scalar.value < 0x20 || scalar.value > 0x7E:
                result += scalar.utf16.map { String(format: "\\u%04x", $0) }.joined()
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `user:password` when the secret is a base64 Basic credential (the part after `Basic `).
    private static func basicCredentials(_ secret: String) -> String? {
        guard let data = Data(base64Encoded: secret), let text = String(data: data, encoding: .utf8), text.contains(":") else {
            return nil
        }
        return text
    }
}
