import Foundation
import NatterProviders

/// A prompt kept for reuse (SPEC 13): `<config>/prompts/NAME.md`, optional front matter (`description`, `provider`,
/// `model`, request parameters as in a role), then the text to send with `{{placeholders}}`:
///
///     ---
///     description: Review the staged change
///     temperature: 0.2
///     ---
///     Review this change for {{focus}}:
///     {{sh:git diff --staged}}
///     Notes: {{input}}
///
/// `{{input}}` is what follows `/NAME` (in pipe mode, standard input), `{{selection}}` the selected message,
/// `{{clipboard}}` the clipboard, `{{file:PATH}}` a file, `{{sh:COMMAND}}` a command's output (run only once the
/// person has seen it and said yes), and any other name a value asked for. `\{{` is two braces of text.
public struct PromptTemplate: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var provider: String?
    public var model: String?
    public var parameters: ModelParameters
    public var pieces: [Piece]

    public enum Piece: Sendable, Hashable {
        case text(String)
        case placeholder(Placeholder)
    }

    public enum Placeholder: Sendable, Hashable {
        case input, selection, clipboard
        case file(String)
        case shell(String)
        /// A value the person is asked for, by its name.
        case named(String)
    }

    /// The names asked for, each once, in the order they first appear.
    public var askedNames: [String] { unique { if case .named(let name) = $0 { return name } else { return nil } } }
    /// The commands to run, each once, in order: shown to the person before any runs.
    public var commands: [String] { unique { if case .shell(let command) = $0 { return command } else { return nil } } }
    public var files: [String] { unique { if case .file(let path) = $0 { return path } else { return nil } } }
    public var usesClipboard: Bool { pieces.contains(.placeholder(.clipboard)) }
    public var usesSelection: Bool { pieces.contains(.placeholder(.selection)) }

    private func unique(_ pick: (Placeholder) -> String?) -> [String] {
        var seen = Set<String>()
        return pieces.compactMap { piece in
            guard case .placeholder(let placeholder) = piece, let value = pick(placeholder), seen.insert(value).inserted else { return nil }
            return value
        }
    }

    /// The names `{{…}}` keeps for itself; any other word is asked for.
    static let reservedNames: Set<String> = ["input", "selection", "clipboard"]

    /// Reads a template file's text; a problem names the line and what was expected.
    public static func parse(_ text: String, name: String) throws(PromptFileError) -> PromptTemplate {
        var template = PromptTemplate(name: name, description: nil, provider: nil, model: nil, parameters: ModelParameters(), pieces: [])
        let matter: FrontMatter
        do {
            matter = try FrontMatter.read(text)
        } catch {
            throw PromptFileError(name: name, line: error.line, problem: error.problem)
        }
        for entry in matter.entries {
            switch entry.key {
            case "description": template.description = entry.value.isEmpty ? nil : entry.value
            case "provider": template.provider = entry.value.isEmpty ? nil : entry.value
            case "model": template.model = entry.value.isEmpty ? nil : entry.value
            case "name": break  // for the person reading the file
            default:
                do {
                    try template.parameters.set(entry.key, to: entry.value)
                } catch {
                    throw PromptFileError(name: name, line: entry.line, problem: error.description)
                }
            }
        }
        template.pieces = try pieces(of: matter.body, firstLine: matter.bodyLine, name: name)
        guard !template.pieces.isEmpty else {
            throw PromptFileError(name: name, line: nil, problem: "it has no text to send (the text after the front matter)")
        }
        return template
    }

    /// The body cut into text and placeholders. A `{{` must close on its own line, and hold a placeholder natter
    /// knows: a typo must be named, never sent to a model as it is.
    private static func pieces(of body: String, firstLine: Int, name: String) throws(PromptFileError) -> [Piece] {
        var pieces: [Piece] = []
        // Blank lines around the text are not part of the message; the lines they take still count.
        var line = firstLine + body.prefix { $0.isWhitespace }.reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
        var rest = Substring(body.trimmingCharacters(in: .whitespacesAndNewlines))
        var text = ""
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            line += before.reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
            let after = rest[open.upperBound...]
            // `\{{` is two braces of text (a Helm or Jinja snippet in a prompt).
            if before.last == "\\" {
                text += before.dropLast() + "{{"
                rest = after
                continue
            }
            text += before
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            let lineEnd = after.firstIndex(where: \.isNewline) ?? after.endIndex
            guard let close = after[..<lineEnd].range(of: "}}") else {
                throw PromptFileError(name: name, line: line, problem: "{{ is not closed with }} on its line")
            }
            let inside = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            pieces.append(.placeholder(try placeholder(inside, line: line, name: name)))
            rest = after[close.upperBound...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    private static func placeholder(_ inside: String, line: Int, name: String) throws(PromptFileError) -> Placeholder {
        func argument(after prefix: String) throws(PromptFileError) -> String {
            let value = inside.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw PromptFileError(name: name, line: line, problem: "{{\(prefix)}} needs what follows the colon") }
            return value
        }
        if inside.hasPrefix("file:") { return .file(try argument(after: "file:")) }
        if inside.hasPrefix("sh:") { return .shell(try argument(after: "sh:")) }
        switch inside {
        case "input": return .input
        case "selection": return .selection
        case "clipboard": return .clipboard
        default:
            guard let first = inside.first, first.isLetter || first == "_",
                inside.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), inside.count <= 40
            else {
                throw PromptFileError(
                    name: name, line: line,
                    problem: "{{\(inside.prefix(40))}} is not a placeholder: {{input}}, {{selection}}, {{clipboard}}, {{file:PATH}}, {{sh:COMMAND}} or {{a_name}}")
            }
            return .named(inside)
        }
    }
}

/// What is wrong with a template file, as `natter prompts`, `/NAME` and `-t` say it.
public struct PromptFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var line: Int?
    public var problem: String

    public init(name: String, line: Int?, problem: String) {
        self.name = name
        self.line = line
        self.problem = problem
    }

    public var description: String { "prompts/\(name).md\(line.map { ":\($0)" } ?? ""): \(problem)" }
}
