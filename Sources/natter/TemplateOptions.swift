import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `natter -t NAME` (SPEC 13): a prompt template of `<config>/prompts` made into the message of pipe mode, what
/// `-p` gives and standard input its `{{input}}`.
struct TemplateOptions: ParsableArguments {
    @Option(name: [.short, .customLong("template")], help: "Send a prompt template, <config>/prompts/NAME.md (-p and standard input are its {{input}}; `natter prompts` lists them).")
    var template: String?

    @Option(name: .customLong("var"), help: ArgumentHelp("A value for a template's {{NAME}} (repeatable).", valueName: "name=value"))
    var values: [String] = []

    @Flag(help: "Run a template's {{sh:…}} commands without asking on the terminal first.")
    var runCommands = false

    /// The template asked for, read and checked: a missing or broken one is a usage error saying why.
    func chosen(_ paths: NatterPaths) throws -> PromptTemplate? {
        guard let template else { return nil }
        do {
            return try PromptLibrary.template(named: template, in: paths.promptsDirectory)
        } catch {
            // The problem quotes the file: cleaned, as every text from a file is before it reaches a terminal.
            throw ValidationError(TerminalText.singleLine(error.description, limit: 400))
        }
    }

    /// The message the template makes of `input`; why not, as a line for standard error.
    func message(of template: PromptTemplate, input: String) throws -> String {
        var named: [String: String] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else { throw ValidationError("--var takes NAME=VALUE, not \"\(value)\"") }
            named[String(value[..<equals])] = String(value[value.index(after: equals)...])
        }
        // What cannot work is said before any command runs.
        let name = TerminalText.singleLine(template.name, limit: 60)
        if let missing = template.askedNames.first(where: { named[$0] == nil }) {
            throw ValidationError("the template \(name) asks for {{\(missing)}}: give --var \(missing)=VALUE")
        }
        if template.usesSelection {
            throw ValidationError("the template \(name) takes {{selection}}, a message selected in the chat: pipe mode has none")
        }
        let commands = template.commands
        let allowed = commands.isEmpty || runCommands || Self.confirm(commands, of: template.name)
        guard allowed else {
            OutputStream.standardError.write("natter: the template's commands were not run; nothing was sent\n")
            throw ExitCode(1)
        }
        let values = TemplateInputs.gather(
            for: template, input: input, selection: nil, named: named, directory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment, runCommands: true)
        do {
            return try template.expanded(with: values)
        } catch {
            OutputStream.standardError.write("natter: /\(TerminalText.singleLine(template.name, limit: 60)): \(TerminalText.singleLine(error.description, limit: 400)); nothing was sent\n")
            throw ExitCode(1)
        }
    }

    /// The commands shown on the terminal and a yes asked for; no terminal (a cron job) is a no, with the flag
    /// that says yes beforehand.
    private static func confirm(_ commands: [String], of name: String) -> Bool {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            OutputStream.standardError.write("natter: the template \(name) runs commands, and there is no terminal to ask on: --run-commands runs them\n")
            return false
        }
        defer { close(tty) }
        // Each command whole, never cut: a yes covers exactly what was shown.
        let shown = commands.map { "  " + TerminalText.sanitized($0).replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n")
        let question = "natter: the template \(TerminalText.singleLine(name, limit: 60)) runs:\n\(shown)\nrun? [y/N] "
        _ = question.withCString { write(tty, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 16, read(tty, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        let answer = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return answer == "y" || answer == "yes"
    }
}
