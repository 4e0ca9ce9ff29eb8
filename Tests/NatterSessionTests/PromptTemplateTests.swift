import Foundation
import NatterTestSupport
import NatterProviders
import Testing

@testable import NatterSession

/// Prompt templates (issue 33, point 5): a file read into text and placeholders, a broken one named with its line,
/// every placeholder put in, what cannot be had said instead of sent, and what comes from outside cleaned.
@Suite struct PromptTemplateTests {
    static let review = """
        ---
        description: Review a change
        temperature: 0.2
        model: small
        ---

        Review for {{focus}} ({{ focus }} again):
        {{sh:git diff}}
        File: {{file:notes.md}}
        Clip: {{clipboard}}
        Picked: {{selection}}
        Notes: {{input}}

        """

    @Test func aFileIsReadIntoTextAndPlaceholders() throws {
        let template = try PromptTemplate.parse(Self.review, name: "review")
        #expect(template.description == "Review a change")
        #expect(template.model == "small")
        #expect(template.parameters.temperature == 0.2)
        #expect(template.askedNames == ["focus"], "asked once, though used twice")
        #expect(template.commands == ["git diff"])
        #expect(template.files == ["notes.md"])
        #expect(template.usesClipboard && template.usesSelection)
        #expect(template.pieces.first == .text("Review for "), "the blank line after the front matter is not sent")
        #expect(template.pieces.last == .placeholder(.input), "nor the blank line at the end")
    }

    @Test(arguments: [
        ("---\ndescription: x\n", 1, "not closed"),
        ("---\nnot a pair\n---\nhi", 2, "expected KEY: VALUE"),
        ("---\ntemperature: 9\n---\nhi", 2, "temperature must be"),
        ("line one\nline {{two\n{{three}}", 2, "not closed with }}"),
        ("\n\nok\n{{what is this}}", 4, "is not a placeholder"),
        ("---\n---\none\n{{file:}}", 4, "needs what follows"),
        ("a {{sh: }}", 1, "needs what follows"),
    ])
    func aBrokenFileIsNamedWithItsLine(text: String, line: Int, problem: String) {
        #expect {
            try PromptTemplate.parse(text, name: "broken")
        } throws: { error in
            guard let error = error as? PromptFileError else { return false }
            return error.line == line && error.problem.contains(problem) && error.description.hasPrefix("prompts/broken.md:\(line): ")
        }
    }

    @Test func bracesCanBeTextAndAByteOrderMarkIsNoText() throws {
        let template = try PromptTemplate.parse("\u{FEFF}---\ndescription: helm\n---\nvalues: \\{{ .Values.x }} for {{input}}", name: "t")
        #expect(template.description == "helm")
        #expect(try template.expanded(with: TemplateValues(input: "prod")) == "values: {{ .Values.x }} for prod")
    }

    @Test func anEmptyOneSaysSo() {
        #expect(throws: PromptFileError(name: "empty", line: nil, problem: "it has no text to send (the text after the front matter)")) {
            try PromptTemplate.parse("---\ndescription: nothing\n---\n\n", name: "empty")
        }
    }

    @Test func everyPlaceholderIsPutIn() throws {
        let template = try PromptTemplate.parse(Self.review, name: "review")
        let values = TemplateValues(
            input: "be kind", selection: "the picked reply", clipboard: .success("clipped"), named: ["focus": "bugs"],
            files: ["notes.md": .success("file text")], commands: ["git diff": .success("+ a line\n")])
        #expect(try template.expanded(with: values) == """
            Review for bugs (bugs again):
            + a line

            File: file text
            Clip: clipped
            Picked: the picked reply
            Notes: be kind
            """)
    }

    @Test func whatCannotBeHadIsSaidAndNothingIsMade() throws {
        let template = try PromptTemplate.parse(Self.review, name: "review")
        var values = TemplateValues(
            input: "", selection: "s", clipboard: .success("c"), named: ["focus": "f"],
            files: ["notes.md": .failure(TemplateProblem("{{file:notes.md}}: it does not exist"))], commands: ["git diff": .success("")])
        #expect(throws: TemplateProblem("{{file:notes.md}}: it does not exist")) { try template.expanded(with: values) }
        values.files["notes.md"] = .success("")
        values.commands = [:]
        #expect(throws: TemplateProblem("{{sh:git diff}}: the command was not run")) { try template.expanded(with: values) }
        values.commands["git diff"] = .success("")
        values.named = [:]
        #expect(throws: TemplateProblem("{{focus}}: no value was given")) { try template.expanded(with: values) }
    }

    /// A coloured diff, a title-setting OSC, a clipboard-setting OSC 52 and a bell: gone whole, the text kept.
    @Test func hostileOutputIsCleaned() throws {
        let template = try PromptTemplate.parse("out: {{sh:x}}", name: "t")
        let hostile = "\u{1B}[31m- old\u{1B}[0m\r\n\u{1B}]0;owned\u{07}\u{1B}]52;c;ZXZpbA==\u{1B}\\plain\u{07}\u{9B}2Jend\u{202E}"
        let values = TemplateValues(input: "", commands: ["x": .success(hostile)])
        #expect(try template.expanded(with: values) == "out: - old\nplainend")
    }

    // MARK: gathering, with real files and real commands

    @Test func filesAreReadAndCommandsRunOnlyWhenSaidYes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("natter-templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "from the file".write(toFile: folder + "/notes.md", atomically: true, encoding: .utf8)
        let marker = folder + "/ran"
        let template = try PromptTemplate.parse("{{file:notes.md}} {{file:missing.md}} {{sh:touch \(marker); echo ran}}", name: "t")
        let refused = TemplateInputs.gather(for: template, input: "", selection: nil, named: [:], directory: folder, environment: [:], runCommands: false)
        #expect(refused.files["notes.md"] == .success("from the file"))
        #expect(refused.files["missing.md"] == .failure(TemplateProblem("{{file:missing.md}}: it does not exist")))
        #expect(refused.commands.isEmpty && !FileManager.default.fileExists(atPath: marker), "nothing runs before a yes")
        let agreed = TemplateInputs.gather(for: template, input: "", selection: nil, named: [:], directory: folder, environment: [:], runCommands: true)
        #expect(agreed.commands.values.first == .success("ran\n"))
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func theSystemsFilesAreNotSent() throws {
        let template = try PromptTemplate.parse("{{file:/proc/self/environ}}", name: "t")
        let values = TemplateInputs.gather(for: template, input: "", selection: nil, named: [:], directory: "/", environment: [:], runCommands: false)
        #expect(values.files["/proc/self/environ"] == .failure(TemplateProblem("{{file:/proc/self/environ}}: /proc is the system's, not a file to send")))
    }

    /// A command that closes its output and goes on (`>/dev/null`) is still stopped at its time; one that leaves a
    /// child running in the background ends when it does, its child with it. (Each run waited for off Swift's task
    /// threads, as natter does, and timed there: see OffPool.)
    @Test func aCommandIsStoppedAtItsTimeWhateverItDoesWithItsOutput() async {
        let limits = CommandOutput.Limits(bytes: 1 << 20, time: .milliseconds(300))
        let stopped = await Self.timed { CommandOutput.shell("sleep 60 >/dev/null 2>&1", limits: limits) }
        #expect(stopped.result == .failure(.tooLong(.milliseconds(300))))
        #expect(stopped.took < .seconds(10))
        let printed = await Self.timed { CommandOutput.shell("sleep 30 & echo $!", limits: CommandOutput.Limits(bytes: 1 << 20, time: .seconds(20))) }
        #expect(printed.took < .seconds(10), "not kept waiting by the child holding the pipe")
        guard case .success(let text) = printed.result, let child = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return #expect(Bool(false), "\(printed.result)")
        }
        // Gone once init has reaped it: looked for until then, for at most 5 s (it would live 30).
        let gone = await OffPool.run {
            let deadline = ContinuousClock.now + .seconds(5)
            while kill(child, 0) == 0, ContinuousClock.now < deadline { usleep(10_000) }
            return kill(child, 0) != 0
        }
        #expect(gone, "the background child was ended with it")
    }

    /// A command run off Swift's task threads, and how long it took there.
    static func timed(_ run: @escaping @Sendable () -> Result<String, CommandOutput.Failure>) async -> (result: Result<String, CommandOutput.Failure>, took: Duration) {
        await OffPool.run {
            let started = ContinuousClock.now
            let result = run()
            return (result, ContinuousClock.now - started)
        }
    }

    @Test func aFailingCommandIsNamedWithItsStatusAndMessage() async {
        #expect(await OffPool.run { CommandOutput.shell("echo oops >&2; exit 3") } == .failure(.failed(status: 3, message: "oops")))
        #expect(await OffPool.run { CommandOutput.shell("/nonexistent/program") }.failureDescription?.contains("exit status 127") == true)
    }

    @Test func aCommandThatHangsOrFloodsIsStoppedWithItsChildren() async {
        // The child holding the pipe open would keep a plain read waiting for 60 s.
        let hung = await Self.timed { CommandOutput.shell("sleep 60 | cat", limits: CommandOutput.Limits(bytes: 1 << 20, time: .milliseconds(300))) }
        #expect(hung.result == .failure(.tooLong(.milliseconds(300))))
        #expect(hung.took < .seconds(10))
        let flood = await OffPool.run { CommandOutput.shell("yes", limits: CommandOutput.Limits(bytes: 64 * 1024, time: .seconds(20))) }
        #expect(flood == .failure(.tooMuch(bytes: 64 * 1024)))
    }

    @Test func theFolderIsReadWithItsBrokenFilesNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("natter-prompts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/dir.md", withIntermediateDirectories: true)
        try "Summarize: {{input}}".write(toFile: folder + "/sum.md", atomically: true, encoding: .utf8)
        try "oops {{".write(toFile: folder + "/bad.md", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/gone.md", withDestinationPath: folder + "/nowhere")
        let (templates, problems) = PromptLibrary.load(directory: folder)
        #expect(templates.map(\.name) == ["sum"])
        #expect(problems.map(\.description) == [
            "prompts/bad.md:1: {{ is not closed with }} on its line",
            "prompts/dir.md: it is a folder, not a file",
            "prompts/gone.md: it is a symbolic link to something that does not exist",
        ])
        #expect(throws: PromptFileError(name: "../x", line: nil, problem: "not a template name")) {
            try PromptLibrary.template(named: "../x", in: folder)
        }
    }
}

extension Result where Failure: CustomStringConvertible {
    var failureDescription: String? {
        if case .failure(let failure) = self { return failure.description }
        return nil
    }
}
