import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// `natter roles`: the saved system prompts of `<config>/roles`, with what each chooses and how it begins.
struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "List the roles (saved system prompts) in <config>/roles/NAME.md; use one with --role NAME.")

    func run() throws {
        let directory = NatterPaths().rolesDirectory
        let (roles, problems) = RoleLibrary.load(directory: directory)
        let out = OutputStream.standardOutput
        if roles.isEmpty && problems.isEmpty {
            out.write("no roles yet: write \(directory)/NAME.md (the system prompt, with optional front matter)\n")
        }
        let width = max(4, roles.map { $0.name.count }.max() ?? 4)
        for role in roles {
            let choice = [role.provider, role.model].compactMap { $0 }.joined(separator: " · ")
            // Every part comes from a file: cleaned like the name and the prompt (an OSC in `model:` once retitled the terminal).
            let settings = TerminalText.singleLine([choice, role.parameters.summary].filter { !$0.isEmpty }.joined(separator: " · "), limit: 200)
            let prompt = TerminalText.singleLine(String(role.prompt.split(separator: "\n").first ?? ""), limit: 60)
            let name = TerminalText.singleLine(role.name, limit: 60)
            out.write(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (settings.isEmpty ? "" : "[\(settings)] ") + prompt + "\n")
        }
        for problem in problems { OutputStream.standardError.write("natter: \(TerminalText.singleLine(problem.description, limit: 400))\n") }
    }
}
