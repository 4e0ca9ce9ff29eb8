import Foundation
import NatterProviders

/// A saved system prompt (SPEC 11): `<config>/roles/NAME.md`, its body the prompt, with optional front matter
/// between `---` lines choosing a provider, a model and request parameters:
///
///     ---
///     model: gpt-4.1
///     temperature: 0.2
///     ---
///     You review Swift code. Be brief.
public struct RoleDefinition: Sendable, Hashable {
    public var name: String
    public var provider: String?
    public var model: String?
    public var parameters: ModelParameters
    public var prompt: String

    public init(name: String, provider: String?, model: String?, parameters: ModelParameters, prompt: String) {
        self.name = name
        self.provider = provider
        self.model = model
        self.parameters = parameters
        self.prompt = prompt
    }

    /// Reads a role file's text; a problem names the line and what was expected.
    public static func parse(_ text: String, name: String) throws(RoleFileError) -> RoleDefinition {
        var role = RoleDefinition(name: name, provider: nil, model: nil, parameters: ModelParameters(), prompt: "")
        let matter: FrontMatter
        do {
            matter = try FrontMatter.read(text)
        } catch {
            throw RoleFileError(name: name, line: error.line, problem: error.problem)
        }
        for entry in matter.entries {
            switch entry.key {
            case "provider": role.provider = entry.value.isEmpty ? nil : entry.value
            case "model": role.model = entry.value.isEmpty ? nil : entry.value
            case "description", "name": break  // for the person reading the file
            default:
                do {
                    try role.parameters.set(entry.key, to: entry.value)
                } catch {
                    throw RoleFileError(name: name, line: entry.line, problem: error.description)
                }
            }
        }
        role.prompt = matter.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !role.prompt.isEmpty else { throw RoleFileError(name: name, line: nil, problem: "it has no system prompt (the text after the front matter)") }
        return role
    }
}

/// What is wrong with a role file, as `natter roles` and `--role` say it.
public struct RoleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var line: Int?
    public var problem: String

    public var description: String { "roles/\(name).md\(line.map { ":\($0)" } ?? ""): \(problem)" }
}

/// The roles of `<config>/roles`, by name (the file's name without `.md`).
public enum RoleLibrary {
    /// Every role of the folder, and every entry that is not one (with why): a broken file, a dangling
    /// symlink, a FIFO or a folder named `x.md` is named as a broken role and hides none of the others.
    public static func load(directory: String) -> (roles: [RoleDefinition], problems: [RoleFileError]) {
        var roles: [RoleDefinition] = []
        var problems: [RoleFileError] = []
        for name in names(in: directory) {
            do {
                roles.append(try role(named: name, in: directory))
            } catch {
                problems.append(error)
            }
        }
        return (roles, problems)
    }

    /// The names of the folder's entries ending in `.md`, whatever they turn out to be, in order (the prompt
    /// templates' folder is read the same way).
    public static func names(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(3)) }.sorted()
    }

    /// One role, read and parsed; a missing one says which roles there are.
    public static func role(named name: String, in directory: String) throws(RoleFileError) -> RoleDefinition {
        // A role is a file of this folder: a name with a slash or a dot-dot never reads another file.
        guard !name.isEmpty, !name.contains("/"), name != "..", !name.hasPrefix(".") else {
            throw RoleFileError(name: name, line: nil, problem: "not a role name")
        }
        switch LocalFile.text(of: path(of: name, in: directory)) {
        case .success(let text): return try RoleDefinition.parse(text, name: name)
        case .failure(.missing):
            // Only the roles that work are offered. Listing reads each file again, but only an entry that has
            // vanished is `.missing` (a dangling link or a FIFO is not), so this cannot come back here for it.
            let known = load(directory: directory).roles.map(\.name)
            throw RoleFileError(
                name: name, line: nil,
                problem: "no such role in \(directory)" + (known.isEmpty ? "" : " (there are: \(known.joined(separator: ", ")))"))
        case .failure(let problem): throw RoleFileError(name: name, line: nil, problem: problem.description)
        }
    }

    private static func path(of name: String, in directory: String) -> String {
        directory + "/" + name + ".md"
    }
}
