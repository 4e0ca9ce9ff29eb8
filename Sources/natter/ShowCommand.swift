import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

extension TranscriptExport.Format: ExpressibleByArgument {}

/// `natter show ID`: one transcript on standard output.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a saved session (an id or the start of one; see `natter sessions`).")

    @Argument(help: "The session id, or enough of its start to name one session.")
    var id: String

    @Option(help: "text, markdown or json.")
    var format: TranscriptExport.Format = .text

    @Flag(help: "Print every branch, not only the active one.")
    var tree = false

    func run() throws {
        let (id, transcript) = try SavedSession.open(id)
        _ = SavedSession.write(transcript, id: id, format: format, tree: tree, to: .standardOutput)
    }
}

/// `natter export ID -o FILE`: a transcript written to a file, Markdown unless told otherwise.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a saved session to a file as Markdown (or JSON, or text).",
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

    @Option(help: "markdown, json or text.")
    var format: TranscriptExport.Format = .markdown

    @Flag(help: "Write every branch, not only the active one.")
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
        OutputStream.standardError.write("natter: wrote \(tree ? transcript.conversation.count : transcript.conversation.activePathIDs().count) messages to \(output)\n")
    }
}

/// A session named on the command line, found and read, with any trouble reported in one line.
enum SavedSession {
    /// The document written to `stream` in pieces of about 64 kB as it is made: the first lines reach a pager at
    /// once, and a large session is never held whole as text. False when the reader went away or a write failed.
    static func write(_ transcript: Transcript, id: String, format: TranscriptExport.Format, tree: Bool, to stream: OutputStream) -> Bool {
        var buffer = ""
        var open = true
        TranscriptExport.write(transcript, id: id, format: format, tree: tree, attachments: attachments) { piece in
            guard open else { return }
            buffer += piece
            if buffer.utf8.count >= 65_536 {
                open = stream.write(buffer)
                buffer = ""
            }
        }
        return open && stream.write(buffer)
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
