import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// Role files (SPEC 11): the body is the system prompt; front matter may choose a provider, a model and
/// parameters; a broken one says which line and why.
@Suite struct RoleFileTests {
    @Test func aRoleWithFrontMatter() throws {
        let role = try RoleDefinition.parse("---\nprovider: openai\nmodel: \"gpt-4.1\"\ntemperature: 0.2\nreasoning: low\nnum_ctx: 8192\n# a comment\ndescription: reviews\n---\n\nYou review Swift.\nBe brief.\n", name: "review")
        #expect(role.provider == "openai" && role.model == "gpt-4.1")
        var parameters = ModelParameters(temperature: 0.2, reasoning: .effort(.low))
        parameters.extra = ["num_ctx": .number(8192)]
        #expect(role.parameters == parameters)
        #expect(role.prompt == "You review Swift.\nBe brief.")
    }

    @Test func aRoleWithoutFrontMatterIsAllPrompt() throws {
        let role = try RoleDefinition.parse("You are terse.\r\n---\nnot front matter\r\n", name: "terse")
        #expect(role.provider == nil && role.model == nil && role.parameters.isEmpty)
        #expect(role.prompt == "You are terse.\n---\nnot front matter", "\\r\\n line endings read as \\n")
    }

    @Test func brokenRolesSayWhereAndWhy() {
        func problem(_ text: String) -> String {
            do {
                _ = try RoleDefinition.parse(text, name: "r")
                return "no problem"
            } catch {
                return error.description
            }
        }
        #expect(problem("---\nmodel: x\nprompt") == "roles/r.md:1: the front matter opened here is not closed with a line of ---")
        #expect(problem("---\nmodel x\n---\nhi") == "roles/r.md:2: expected KEY: VALUE, found \"model x\"")
        #expect(problem("---\ntemperature: hot\n---\nhi") == "roles/r.md:2: temperature must be a number from 0 to 2, not \"hot\"")
        #expect(problem("---\nmodel: x\n---\n  \n") == "roles/r.md: it has no system prompt (the text after the front matter)")
    }

    @Test func theLibraryReadsTheFolderAndNamesWhatIsMissingOrBroken() throws {
        let folder = NSTemporaryDirectory() + "natter-roles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "Be kind.".write(toFile: folder + "/kind.md", atomically: true, encoding: .utf8)
        try "---\nbroken".write(toFile: folder + "/bad.md", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let (roles, problems) = RoleLibrary.load(directory: folder)
        #expect(roles.map(\.name) == ["kind"])
        #expect(problems.map(\.description) == ["roles/bad.md:1: the front matter opened here is not closed with a line of ---"])
        #expect(throws: RoleFileError.self) { try RoleLibrary.role(named: "../etc/passwd", in: folder) }
        do {
            _ = try RoleLibrary.role(named: "nope", in: folder)
            Issue.record("a missing role was found")
        } catch {
            #expect(error.description == "roles/nope.md: no such role in \(folder) (there are: kind)")
        }
    }
}
