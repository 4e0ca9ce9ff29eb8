import ArgumentParser
import Foundation
import NatterProviders

/// `natter configure`: writes `<config>/providers/NAME.json` from answers to a few questions, so nobody has
/// to learn the file format to add a provider. Plain lines on standard input and output: it works in any
/// terminal and with answers piped in.
struct ConfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Add, edit, test or remove a provider of your own, by answering questions.",
        discussion: """
            Without a subcommand, lists your providers and asks what to do. Keys are given as the NAME of an \
            environment variable: the file holds `${NAME}`, never the key. A new or changed provider is tested \
            with a tiny request before it is saved. If standard input ends before the questions do, nothing is \
            written.
            """,
        subcommands: [Add.self, Edit.self, Test.self, Remove.self])

    func run() async throws {
        try await Self.perform { try await ConfigureMenu(flow: $0).run() }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a provider: engine, host, authentication, models; test; save.")

        @Argument(help: "The new provider's name; asked when omitted.")
        var name: String?

        func run() async throws {
            try await ConfigureCommand.perform { try await $0.add(name: name) }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change one of your providers, question by question.")

        @Argument(help: "A provider in <config>/providers.")
        var name: String

        func run() async throws {
            try await ConfigureCommand.perform { try await $0.edit(name: name) }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a provider one tiny request and say how it went.")

        @Argument(help: "Any provider natter knows (see `natter providers`).")
        var name: String

        func run() async throws {
            try await ConfigureCommand.perform { try await $0.test(name: name) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one of your provider files, after asking.")

        @Argument(help: "A provider in <config>/providers.")
        var name: String

        func run() async throws {
            try await ConfigureCommand.perform { try $0.remove(name: name) }
        }
    }

    /// Runs one action, turning its outcome into the exit code and its failures into one line on stderr.
    static func perform(_ action: (ConfigureFlow) async throws -> Int32) async throws {
        let flow = ConfigureFlow(prompter: LinePrompter())
        let err = OutputStream.standardError
        let code: Int32
        do {
            code = try await action(flow)
        } catch is EndOfInput {
            err.write("natter configure: standard input ended before the questions were answered; nothing was written\n")
            code = 1
        } catch let failure as ConfigureFailure {
            err.write("natter configure: \(failure)\n")
            code = 1
        }
        if code != 0 { throw ExitCode(code) }
    }
}
