import Foundation
import NatterProviders

/// `<config>/mcp.json` (SPEC 7): `{"mcpServers": {NAME: SERVER}}`, the shape MCP servers' READMEs show for
/// other clients, so a block copied from one works. Keys other clients add (`type`, `autoApprove`, …) are
/// read where they mean something here and otherwise ignored; a key natter reads with the wrong type is an
/// error naming the file, the server and the key, and that server alone is left out.
public struct MCPConfiguration: Sendable, Hashable {
    public var servers: [MCPServerConfig]
    /// One line each, for entries left out (and the whole file when it is not JSON).
    public var problems: [String]

    public init(servers: [MCPServerConfig] = [], problems: [String] = []) {
        self.servers = servers
        self.problems = problems
    }

    /// The file at `path`; no file is no servers, not a problem.
    public static func load(path: String) -> MCPConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { return MCPConfiguration() }
        return parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) -> MCPConfiguration {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            return MCPConfiguration(problems: ["\(path): \(JSONSyntaxError.describe(data) ?? "not valid JSON")"])
        }
        guard case .object(let top) = document else {
            return MCPConfiguration(problems: ["\(path): expected a JSON object, found \(document.summary)"])
        }
        guard let listed = top["mcpServers"] ?? top["servers"] else {
            return MCPConfiguration(problems: ["\(path): no \"mcpServers\" object"])
        }
        guard case .object(let entries) = listed else {
            return MCPConfiguration(problems: ["\(path): \"mcpServers\" must be an object, found \(listed.summary)"])
        }
        var configuration = MCPConfiguration()
        for name in entries.keys.sorted() {
            do {
                configuration.servers.append(try MCPServerConfig(name: name, entry: entries[name]!))
            } catch {
                configuration.problems.append("\(path): server \"\(TerminalText.singleLine(name, limit: 60))\": \(error.problem)")
            }
        }
        return configuration
    }
}

/// One server as mcp.json describes it; `${VAR}` templates are kept and expanded when it starts.
public struct MCPServerConfig: Sendable, Hashable {
    public enum Transport: Sendable, Hashable {
        case stdio(command: String, arguments: [String], environment: [String: String], directory: String?)
        /// Streamable HTTP, falling back to the older HTTP+SSE transport; `sse` when the entry says so.
        case http(url: String, headers: [String: String], sseOnly: Bool)
    }

    public var name: String
    public var transport: Transport
    public var disabled: Bool
    /// Tools that run without asking.
    public var allow: Set<String>
    /// Per call.
    public var timeout: Duration

    public static let defaultTimeout = Duration.seconds(60)

    public init(
        name: String, transport: Transport, disabled: Bool = false, allow: Set<String> = [], timeout: Duration = defaultTimeout
    ) {
        self.name = name
        self.transport = transport
        self.disabled = disabled
        self.allow = allow
        self.timeout = timeout
    }

    /// "stdio" or "http", as `natter mcp` lists it.
    public var transportName: String {
        switch transport {
        case .stdio: return "stdio"
        case .http(_, _, let sseOnly): return sseOnly ? "sse" : "http"
        }
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && parsed.host != nil
    }

    struct EntryError: Error {
        var problem: String
    }

    init(name: String, entry: JSONValue) throws(EntryError) {
        guard case .object(let fields) = entry else { throw EntryError(problem: "expected an object, found \(entry.summary)") }
        func string(_ key: String) throws(EntryError) -> String? {
            guard let value = fields[key], value != .null else { return nil }
            guard case .string(let text) = value else { throw EntryError(problem: "\"\(key)\" must be a string, found \(value.summary)") }
            return text
        }
        func strings(_ key: String) throws(EntryError) -> [String] {
            guard let value = fields[key], value != .null else { return [] }
            guard case .array(let items) = value else { throw EntryError(problem: "\"\(key)\" must be an array of strings, found \(value.summary)") }
            var texts: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw EntryError(problem: "\"\(key)\" must hold strings only, found \(item.summary)") }
                texts.append(text)
            }
            return texts
        }
        func table(_ key: String) throws(EntryError) -> [String: String] {
            guard let value = fields[key], value != .null else { return [:] }
            guard case .object(let object) = value else { throw EntryError(problem: "\"\(key)\" must be an object of strings, found \(value.summary)") }
            var table: [String: String] = [:]
            for (name, item) in object {
                switch item {
                case .string(let text): table[name] = text
                // `"PORT": 8080` is common in copied blocks; a number or a flag means its text.
                case .number, .bool: table[name] = item.summary
                default: throw EntryError(problem: "\"\(key).\(name)\" must be a string, found \(item.summary)")
                }
            }
            return table
        }

        self.name = name
        let command = try string("command")
        let serverURL = try string("serverUrl")
        let url = try string("url") ?? serverURL
        let type = try string("type")?.lowercased()
        switch (command, url) {
        case (let command?, nil):
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else { throw EntryError(problem: "\"command\" is empty") }
            transport = .stdio(command: command, arguments: try strings("args"), environment: try table("env"), directory: try string("cwd"))
        case (nil, let url?):
            // A `${VAR}` in it is checked once expanded, when the server starts.
            guard url.contains("${") || Self.isWebAddress(url) else {
                throw EntryError(problem: "\"url\" must be an http:// or https:// address, found \"\(TerminalText.singleLine(url, limit: 80))\"")
            }
            transport = .http(url: url, headers: try table("headers"), sseOnly: type == "sse")
        case (.some, .some):
            throw EntryError(problem: "has both \"command\" and \"url\": a server is one or the other")
        case (nil, nil):
            throw EntryError(problem: "needs \"command\" (a program to start) or \"url\" (a server to reach)")
        }
        switch fields["disabled"] {
        case nil, .null: disabled = false
        case .bool(let flag): disabled = flag
        case let other?: throw EntryError(problem: "\"disabled\" must be true or false, found \(other.summary)")
        }
        allow = Set(try strings("allow"))
        switch fields["timeout_seconds"] {
        case nil, .null: timeout = Self.defaultTimeout
        case .number(let seconds) where seconds.isFinite && seconds > 0 && seconds <= 86_400:
            timeout = .milliseconds(Int64((seconds * 1000).rounded()))
        case let other?: throw EntryError(problem: "\"timeout_seconds\" must be a number of seconds from 0 to 86400, found \(other.summary)")
        }
    }
}
