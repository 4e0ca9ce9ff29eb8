import NatterProviders

/// The last guard of "never prints a secret": every value doctor could have seen that is a key — each
/// provider's key variables, and any variable named like one — is taken out of the report, in every form it
/// takes on the wire (`Redactor`: as is, base64, percent- and JSON-encoded). The findings name variables only;
/// this is for a server or a file that echoes a key back.
enum DoctorSecrets {
    static func redactor(registry: ProviderRegistry, environment: [String: String]) -> Redactor {
        var names = Set(registry.entries.flatMap { $0.definition?.credentialVariables ?? [] })
        let keyLike = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"]
        for name in environment.keys where keyLike.contains(where: { name.uppercased().contains($0) }) { names.insert(name) }
        return Redactor(secrets: names.compactMap { environment[$0] })
    }
}
