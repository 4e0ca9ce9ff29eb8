import NatterProviders

/// What a template's placeholders stand for this time: gathered first (files read, commands run once the person
/// said yes, values asked for), then put in by `PromptTemplate.expanded(with:)`, a pure function.
public struct TemplateValues: Sendable, Hashable {
    public var input: String
    /// The selected message; nil where there is none to take (pipe mode).
    public var selection: String?
    public var clipboard: Result<String, TemplateProblem>?
    public var named: [String: String]
    public var files: [String: Result<String, TemplateProblem>]
    public var commands: [String: Result<String, TemplateProblem>]

    public init(
        input: String, selection: String? = nil, clipboard: Result<String, TemplateProblem>? = nil, named: [String: String] = [:],
        files: [String: Result<String, TemplateProblem>] = [:], commands: [String: Result<String, TemplateProblem>] = [:]
    ) {
        self.input = input
        self.selection = selection
        self.clipboard = clipboard
        self.named = named
        self.files = files
        self.commands = commands
    }
}

/// Why a template could not be made into a message: a file that cannot be read, a command that failed, a value
/// not given. Nothing is sent then.
public struct TemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension PromptTemplate {
    /// The message: each placeholder replaced by its value. What came from outside the person's own typing (a
    /// file, a command's output, the clipboard) is cleaned of escape sequences and controls first: it is shown
    /// on screen and sent to a model, and is as untrusted as a model's text.
    public func expanded(with values: TemplateValues) throws(TemplateProblem) -> String {
        var message = ""
        for piece in pieces {
            switch piece {
            case .text(let text): message += text
            case .placeholder(.input): message += values.input
            case .placeholder(.selection):
                guard let selection = values.selection else { throw TemplateProblem("{{selection}}: there is no message to take") }
                message += selection
            case .placeholder(.clipboard):
                message += UntrustedText.cleaned(try Self.value(values.clipboard, "{{clipboard}}: the clipboard was not read"))
            case .placeholder(.file(let path)):
                message += UntrustedText.cleaned(try Self.value(values.files[path], "{{file:\(path)}}: the file was not read"))
            case .placeholder(.shell(let command)):
                message += UntrustedText.cleaned(try Self.value(values.commands[command], "{{sh:\(command)}}: the command was not run"))
            case .placeholder(.named(let name)):
                guard let value = values.named[name] else { throw TemplateProblem("{{\(name)}}: no value was given") }
                message += value
            }
        }
        // A template without {{input}} still sends what was given with it, after its own text, as llm's do.
        if !pieces.contains(.placeholder(.input)), !values.input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            message += "\n\n" + values.input
        }
        return message
    }

    private static func value(_ result: Result<String, TemplateProblem>?, _ missing: String) throws(TemplateProblem) -> String {
        switch result {
        case .success(let text)?: return text
        case .failure(let problem)?: throw problem
        case nil: throw TemplateProblem(missing)
        }
    }
}

/// Text from a file, a command or the clipboard made fit for a message: escape sequences removed whole (not
/// just their ESC, which left `[31m` in a coloured `git diff`), carriage returns dropped, and every other
/// control removed as from a model's text.
public enum UntrustedText {
    public static func cleaned(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x1B || $0 == 0x0D || $0 == 0x9B }) else { return TerminalText.sanitized(text) }
        var kept = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                skipSequence(after: &scalars)
            case "\u{9B}":
                skipControlSequence(&scalars)
            case "\r":
                continue
            default:
                kept.append(scalar)
            }
        }
        return TerminalText.sanitized(String(kept))
    }

    /// After ESC: a CSI (`[` … final byte), an OSC, DCS, SOS, PM or APC (to BEL or ESC \), or one character.
    private static func skipSequence(after scalars: inout String.UnicodeScalarView.Iterator) {
        guard let kind = scalars.next() else { return }
        switch kind {
        case "[": skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_":
            // An OSC never ended goes no further than its line: the rest of a file is not lost to one stray ESC ].
            while let scalar = scalars.next() {
                if scalar == "\u{07}" || scalar == "\u{9C}" || scalar == "\n" { return }
                if scalar == "\u{1B}" {
                    _ = scalars.next()  // the `\` of ESC \
                    return
                }
            }
        default: return
        }
    }

    /// Parameters and intermediates up to the final byte (@ to ~).
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
        }
    }
}
