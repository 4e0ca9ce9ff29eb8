import ArgumentParser
import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// What `show` and `export` write: one of the transcript's documents, or the page to share.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, html

    /// The transcript document it is; nil for the page, which NatterUI makes (it colours code with the screen's lexer).
    var transcriptFormat: TranscriptExport.Format? {
        switch self {
        case .text: return .text
        case .markdown: return .markdown
        case .json: return .json
        case .html: return nil
        }
    }
}

/// `natter show ID`: one transcript on standard output.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a saved session (an id or the start of one; see `natter sessions`).")

    @Argument(help: "The session id, or enough of its start to name one session.")
    var id: String

    @Option(help: "text, markdown, json or html.")
    var format: DocumentFormat = .text

    @Flag(help: "Print every branch, not only the active one (a page in html has them all, folded).")
    var tree = false

    func run() throws {
        let (id, transcript) = try SavedSession.open(id)
        _ = SavedSession.write(transcript, id: id, format: format, tree: tree, to: .standardOutput)
    }
}

/// `natter export ID -o FILE`: a transcript written to a file, Markdown unless told otherwise.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a saved session to a file as Markdown, or as a page to share (--format html), JSON or text.",
        // -o is the root command's (request parameters) wherever it stands, so the usage line names it here.
        usage: "natter export <id> (-o <file> | --output <file>) [--format <format>] [--tree]")

    @Argument(help: "The session id, or enough of its start to name one session.")
    var id: String

    @Option(name: .customLong("output"), help: ArgumentHelp("The file to write (or -o FILE); - for standard output.", valueName: "file"))
    var longOutput: String?

    /// `-o FILE`: the root command's `-o` (request parameters, KEY=VALUE) takes the short name wherever it stands
    /// on the line, so export reads it from there.
    @OptionGroup(visibility: .private) var root: Natter

    var output: String { longOutput ?? root.option.last ?? "" }

    func validate() throws {
        guard longOutput != nil || root.option.count == 1 else { throw ValidationError("Give the file to write: -o FILE or --output FILE.") }
    }

    @Option(help: "markdown, html (one self-contained page), json or text.")
    var format: DocumentFormat = .markdown

    @Flag(help: "Write every branch, not only the active one (a page in html has them all, folded).")
    var tree = false

    func run() throws {
        let (id, transcript) = try SavedSession.open(id)
        if output == "-" {
            _ = SavedSession.write(transcript, id: id, format: format, tree: tree, to: .standardOutput)
            return
        }
        // 0600 like the transcript it comes from; written as it is made, never held whole.
        let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            OutputStream.standardError.write("natter: cannot write \(output): \(String(cString: strerror(errno)))\n")
            throw ExitCode(1)
        }
        let written = SavedSession.write(transcript, id: id, format: format, tree: tree, to: OutputStream(descriptor: descriptor))
        let closed = close(descriptor) == 0
        guard written, closed else {
            OutputStream.standardError.write("natter: cannot write \(output): \(String(cString: strerror(errno)))\n")
            throw ExitCode(1)
        }
        // A page holds every branch (the others folded), like a tree.
        let every = tree || format == .html
        OutputStream.standardError.write("natter: wrote \(every ? transcript.conversation.count : transcript.conversation.activePathIDs().count) messages to \(output)\n")
    }
}

/// A session named on the command line, found and read, with any trouble reported in one line.
enum SavedSession {
    /// The document written to `stream` in pieces of about 64 kB as it is made: the first lines reach a pager at
    /// once, and a large session is never held whole as text. False when the reader went away or a write failed.
    static func write(_ transcript: Transcript, id: String, format: DocumentFormat, tree: Bool, to stream: OutputStream) -> Bool {
        var buffer = ""
        var open = true
        let emit: (String) -> Void = { piece in
            guard open else { return }
            buffer += piece
            if buffer.utf8.count >= 65_536 {
                open = stream.write(buffer)
                buffer = ""
            }
        }
        if let document = format.transcriptFormat {
            TranscriptExport.write(transcript, id: id, format: document, tree: tree, attachments: attachments, to: emit)
        } else {
            let (light, dark) = pageThemes
            HTMLExport.write(transcript, id: id, light: light, dark: dark, attachments: attachments, to: emit)
        }
        return open && stream.write(buffer)
    }

    /// The themes a page is coloured by: `light` for readers whose system is light, `dark` otherwise, the
    /// person's own files of those names when they have them, as the chat would use them.
    static var pageThemes: (light: Theme, dark: Theme) {
        let (themes, problems) = ThemeLoader.loadAll(userDirectory: NatterPaths().configDirectory + "/themes")
        let light = themes.first { $0.name == "light" }
        let dark = themes.first { $0.name == "dark" } ?? .dark
        // A broken file that would have been one of the two is said; other themes are the chat's business.
        for problem in problems where problem.path.hasSuffix("/light.json") || problem.path.hasSuffix("/dark.json") {
            OutputStream.standardError.write("natter: \(problem)\n")
        }
        return (light ?? dark, dark)
    }

    /// Where the sessions' attached files are, so that a printed session says where each is.
    static var attachments: AttachmentStore { AttachmentStore(directory: NatterPaths().attachmentsDirectory) }

    static func open(_ name: String) throws -> (id: String, transcript: Transcript) {
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        let err = OutputStream.standardError
        do {
            let id = try store.resolve(name)
            // Lean: a message's parts are read from disk as it is printed, so a huge session is never held whole.
            let transcript = try store.read(id: id, lean: true)
            for problem in transcript.problems { err.write("natter: \(id): \(problem)\n") }
            return (id, transcript)
        } catch let error as SessionLookupError {
            err.write("natter: \(error)\n")
            throw ExitCode(1)
        } catch {
            err.write("natter: \(error)\n")
            throw ExitCode(1)
        }
    }
}
