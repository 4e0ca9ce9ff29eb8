import Foundation

/// Credentials never travel in clear text across a network unless the provider's file says so: plain http is
/// fine to this machine (a local Ollama, LM Studio, a proxy on 127.0.0.1), and refused to anywhere else when
/// the request carries a key or token, unless the file sets `"allow_insecure_http": true`.
public enum PlainHTTPGuard {
    static func check(url: String, carriesCredentials: Bool, provider: ProviderDefinition) throws(ProviderError) {
        guard carriesCredentials, !provider.allowInsecureHTTP,
            let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
            let host = components.host, !isLoopback(host)
        else { return }
        throw ProviderError(
            .configuration,
            "refusing to send \(provider.name)'s credentials over plain http to \(host): use https, or set \"allow_insecure_http\": true in its provider file")
    }

    /// The host name is this machine's own: localhost, 127.x.x.x, ::1.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare.hasSuffix(".localhost") || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
