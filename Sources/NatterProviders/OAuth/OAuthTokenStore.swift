import Foundation

/// Tokens on disk, one file per provider: `<config>/oauth/<provider>.json` (SPEC 1). The folder is 0700 and
/// each file 0600 from the moment it exists: it is written to a private temporary file and renamed over the
/// old one, so a crash leaves either the old token or the new one, never half of either.
public struct OAuthTokenStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public init(paths: NatterPaths) {
        self.init(directory: paths.oauthDirectory)
    }

    public func path(for provider: String) -> String { directory + "/" + provider + ".json" }

    /// The stored token; nil when there is none or the file cannot be read as one (a fresh login mends it).
    public func load(_ provider: String) -> OAuthToken? {
        guard let data = FileManager.default.contents(atPath: path(for: provider)) else { return nil }
        return try? Self.decoder.decode(OAuthToken.self, from: data)
    }

    public func save(_ token: OAuthToken, for provider: String) throws(ProviderError) {
        let target = path(for: provider)
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // An existing folder keeps its mode through createDirectory; tighten it in case it was made looser.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
            try Self.writeAtomically(try Self.encoder.encode(token), to: target)
        } catch {
            throw ProviderError(.configuration, "could not save the OAuth token in \(target): \(Self.describe(error))")
        }
    }

    /// Returns whether there was a token to remove.
    @discardableResult
    public func remove(_ provider: String) throws(ProviderError) -> Bool {
        let target = path(for: provider)
        guard FileManager.default.fileExists(atPath: target) else { return false }
        do {
            try FileManager.default.removeItem(atPath: target)
        } catch {
            throw ProviderError(.configuration, "could not remove \(target): \(Self.describe(error))")
        }
        return true
    }

    /// open(O_CREAT|O_EXCL, 0600) so the token is never readable by others, not even for a moment.
    private static func writeAtomically(_ data: Data, to target: String) throws {
        let temporary = target + ".\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return (error as NSError).localizedDescription
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
