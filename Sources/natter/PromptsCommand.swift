import ArgumentParser
import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// `natter prompts`: the prompt templates of `<config>/prompts`, with what each asks, reads and runs.
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "List the prompt templates in <config>/prompts/NAME.md; send one with /NAME in the chat or -t NAME.")

    func run() throws {
        let directory = NatterPaths().promptsDirectory
        let (templates, problems) = PromptLibrary.load(directory: directory)
        let out = OutputStream.standardOutput
        if templates.isEmpty && problems.isEmpty {
            out.write("no prompt templates yet: write \(directory)/NAME.md (the text to send, with {{input}} and other placeholders)\n")
        }
        let width = max(4, templates.map { $0.name.count }.max() ?? 4)
        let builtIn = BuiltInCommands.names
        for template in templates {
            // Every part comes from a file: cleaned, as a role's are.
            var parts = [template.description ?? String(Self.firstLine(of: template))]
            if !template.askedNames.isEmpty { parts.append("asks " + template.askedNames.joined(separator: ", ")) }
            if !template.files.isEmpty { parts.append("reads " + template.files.joined(separator: ", ")) }
            if !template.commands.isEmpty { parts.append("runs " + template.commands.joined(separator: "; ")) }
            if let model = template.model { parts.append("model " + model) }
            if builtIn.contains(template.name.lowercased()) { parts.append("hidden in the chat by the command /\(template.name); -t still sends it") }
            let name = TerminalText.singleLine(template.name, limit: 60)
            out.write(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + TerminalText.singleLine(parts.joined(separator: " · "), limit: 300) + "\n")
        }
        for problem in problems { OutputStream.standardError.write("natter: \(TerminalText.singleLine(problem.description, limit: 400))\n") }
    }

    private static func firstLine(of template: PromptTemplate) -> Substring {
        guard case .text(let text)? = template.pieces.first else { return "" }
        return text.split(whereSeparator: \.isNewline).first ?? ""
    }
}
