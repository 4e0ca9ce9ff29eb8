import Foundation
import NatterProviders

/// The templates of `<config>/prompts`, by name (the file's name without `.md`).
public enum PromptLibrary {
    /// Every template of the folder, and every entry that is not one (with why): a broken file, a dangling
    /// symlink, a FIFO or a folder named `x.md` is named and hides none of the others.
    public static func load(directory: String) -> (templates: [PromptTemplate], problems: [PromptFileError]) {
        var templates: [PromptTemplate] = []
        var problems: [PromptFileError] = []
        for name in RoleLibrary.names(in: directory) {
            do {
                templates.append(try template(named: name, in: directory))
            } catch {
                problems.append(error)
            }
        }
        return (templates, problems)
    }

    /// One template, read and parsed; a missing one says which there are.
    public static func template(named name: String, in directory: String) throws(PromptFileError) -> PromptTemplate {
        // A template is a file of this folder: a name with a slash or a dot-dot never reads another file.
        guard !name.isEmpty, !name.contains("/"), name != "..", !name.hasPrefix(".") else {
            throw PromptFileError(name: name, line: nil, problem: "not a template name")
        }
        switch LocalFile.text(of: directory + "/" + name + ".md") {
        case .success(let text): return try PromptTemplate.parse(text, name: name)
        case .failure(.missing):
            let known = load(directory: directory).templates.map(\.name)
            throw PromptFileError(
                name: name, line: nil,
                problem: "no such template in \(directory)" + (known.isEmpty ? "" : " (there are: \(known.joined(separator: ", ")))"))
        case .failure(let problem): throw PromptFileError(name: name, line: nil, problem: problem.description)
        }
    }
}
