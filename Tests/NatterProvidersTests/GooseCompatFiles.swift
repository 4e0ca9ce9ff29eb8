import Foundation
import NatterProviders
import NatterTestSupport
import Testing

/// goose's provider files from `shared/compat/goose-declarative/`, read as they ship, and aimed at a loopback
/// server the way a person would aim them at a real one: through the variable the file reads its host from,
/// or, for a fixed `https://` host, by swapping the scheme, host and port and keeping the path.
enum GooseCompatFiles {
    static func path(_ file: String) -> String {
        TestFiles.gooseCompat.appendingPathComponent(file).path
    }

    /// Every `.json` file in the folder, so a test can check that none is left untested.
    static func all() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: TestFiles.gooseCompat.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The file as it is.
    static func load(_ file: String) throws -> ProviderDefinition {
        try ProviderCatalog.readFile(path(file)).get()
    }

    /// The file with some top-level keys set to other values (e.g. `supports_streaming: false`), still read
    /// by the same parser: goose's own format, one setting changed, for settings no shipped file uses.
    static func load(_ file: String, changing changes: [String: Any]) throws -> ProviderDefinition {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(file)))
        var document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        document.merge(changes) { _, new in new }
        return try ProviderFileParser(path: path(file)).parse(try JSONSerialization.data(withJSONObject: document))
    }

    /// How a file's requests reach the loopback server.
    enum Aim: Sendable {
        /// The host is fixed (`https://api.deepseek.com`): replace scheme, host and port, keep the path.
        case rewriteHost
        /// The host comes from a variable (`${LMSTUDIO_HOST}`): set it to the server's URL plus this path.
        case variable(String, path: String)
    }

    /// The definition and environment that send the file's requests to `server`.
    static func aim(
        _ definition: ProviderDefinition, _ aim: Aim, at server: LoopbackServer, environment: [String: String] = [:]
    ) throws -> (ProviderDefinition, [String: String]) {
        switch aim {
        case .rewriteHost:
            var components = try #require(URLComponents(string: definition.host))
            components.scheme = "http"
            components.host = "127.0.0.1"
            components.port = server.port
            var rewritten = definition
            rewritten.host = try #require(components.string)
            return (rewritten, environment)
        case .variable(let name, let path):
            return (definition, environment.merging([name: server.url + path]) { _, aimed in aimed })
        }
    }
}
