import Foundation
import NatterProviders

/// Gathers what a template's placeholders stand for: the files read, the clipboard read, the commands run (only
/// when the person has said yes to them). What cannot be had is kept as its reason, for the expansion to name.
public enum TemplateInputs {
    /// A file put into a message: a megabyte, as for a text attachment.
    public static let fileLimit = 1 << 20

    public static func gather(
        for template: PromptTemplate, input: String, selection: String?, named: [String: String], directory: String,
        environment: [String: String], runCommands: Bool
    ) -> TemplateValues {
        var values = TemplateValues(input: input, selection: selection, named: named)
        // Commands first: one may write the file another placeholder reads.
        if runCommands {
            for command in template.commands {
                values.commands[command] = CommandOutput.shell(command).mapError { TemplateProblem("{{sh:\(command)}}: \($0.description)") }
            }
        }
        for path in template.files {
            let resolved = resolve(path, in: directory, environment: environment)
            values.files[path] = readable(resolved).flatMap { LocalFile.text(of: $0, limit: fileLimit).mapError { TemplateProblem($0.description) } }
                .mapError { TemplateProblem("{{file:\(path)}}: \($0.description)") }
        }
        if template.usesClipboard { values.clipboard = clipboard(environment: environment) }
        return values
    }

    /// The kernel's files are no notes: /proc/self/environ would send natter's own environment, keys and all.
    private static func readable(_ path: String) -> Result<String, TemplateProblem> {
        let real = (path as NSString).resolvingSymlinksInPath
        for system in ["/proc", "/sys", "/dev"] where real == system || real.hasPrefix(system + "/") {
            return .failure(TemplateProblem("\(system) is the system's, not a file to send"))
        }
        return .success(path)
    }

    /// `~/notes.md`, `/etc/hosts`, or a path from where natter was started.
    static func resolve(_ path: String, in directory: String, environment: [String: String]) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"] { return home + path.dropFirst() }
        return path.hasPrefix("/") ? path : directory + "/" + path
    }

    /// The commands that print the clipboard, in the order tried, with the display each needs.
    static let clipboardReaders: [(name: String, arguments: [String], display: String?)] = [
        ("wl-paste", ["--no-newline"], "WAYLAND_DISPLAY"),
        ("xclip", ["-selection", "clipboard", "-o"], "DISPLAY"),
        ("xsel", ["--clipboard", "--output"], "DISPLAY"),
        ("pbpaste", [], nil),
    ]

    static func clipboard(environment: [String: String]) -> Result<String, TemplateProblem> {
        for reader in clipboardReaders where reader.display.map({ environment[$0] != nil }) ?? true {
            guard let path = Executable.path(of: reader.name, environment: environment) else { continue }
            return CommandOutput.run([path] + reader.arguments, limits: CommandOutput.Limits(bytes: 1 << 20, time: .seconds(2)))
                .mapError { TemplateProblem("{{clipboard}}: \(reader.name): \($0.description)") }
        }
        return .failure(TemplateProblem("{{clipboard}}: no clipboard to read here (wl-paste, xclip, xsel or pbpaste, with a display)"))
    }
}
