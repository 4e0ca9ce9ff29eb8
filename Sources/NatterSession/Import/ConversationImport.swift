import Foundation
import NatterProviders

/// `natter import FILE` (SPEC 14): ChatGPT's or Claude's `conversations.json`, or a natter session file, kept as
/// sessions. Each conversation's session id comes from where it came from, so a second import of the same file
/// finds every one already there and makes nothing twice. An export is read one conversation at a time, so a file
/// of hundreds of megabytes never has to be held whole as values.
public enum ConversationImport {
    public enum Outcome: Sendable {
        case imported(id: String, title: String, messages: Int)
        case alreadyThere(id: String, title: String)
        /// A conversation of the file that could not be read or written, and why.
        case failed(String)
    }

    public enum Refusal: Error, Sendable, CustomStringConvertible {
        case unreadable(String, String)
        case notAnExport(String)

        public var description: String {
            switch self {
            case .unreadable(let path, let why): "cannot read \(path): \(why)"
            case .notAnExport(let what):
                "this is \(what), not a file natter imports: it takes ChatGPT's or Claude's conversations.json (an array "
                    + "of conversations, each with a \"mapping\" or \"chat_messages\"), or a natter session file (.jsonl)"
            }
        }
    }

    /// Imports every conversation of the file at `path` into `store`, telling each outcome as it comes.
    public static func run(path: String, into store: SessionStore, dryRun: Bool = false, _ report: (Outcome) -> Void) throws(Refusal) {
        let data = try contents(of: path)
        let start = data.firstIndex { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        switch start.map({ data[$0] }) {
        case UInt8(ascii: "[")?:
            try importExport(data, into: store, dryRun: dryRun, report)
        case UInt8(ascii: "{")?:
            try importSessionFile(path, into: store, dryRun: dryRun, report)
        default:
            throw .notAnExport(data.isEmpty ? "an empty file" : "not JSON")
        }
    }

    /// The whole file, refused with a reason for what is not a regular file (a folder, a FIFO that would never
    /// end, a dangling link).
    private static func contents(of path: String) throws(Refusal) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path, "it is not a regular file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path, error.localizedDescription)
        }
    }

    private static func importExport(_ data: Data, into store: SessionStore, dryRun: Bool, _ report: (Outcome) -> Void) throws(Refusal) {
        var recognized = 0
        var seen = 0
        let scanned: Bool = data.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw.bindMemory(to: UInt8.self))
            var released = 0
            do throws(JSONScanner.Unexpected) {
                try scanner.readArray { scanner throws(JSONScanner.Unexpected) in
                    let value = try scanner.readValue()
                    seen += 1
                    if take(value, into: store, dryRun: dryRun, report) { recognized += 1 }
                    released = release(raw, before: scanner.offset, releasedSoFar: released)
                }
                return true
            } catch {
                return false
            }
        }
        if !scanned, seen == 0 {
            // Valid JSON the strict scanner would not vouch for (an escaped name, say): read whole instead.
            guard let value = try? JSONValue.parse(data), let items = value.arrayValue else { throw .notAnExport("not valid JSON") }
            for item in items {
                seen += 1
                if take(item, into: store, dryRun: dryRun, report) { recognized += 1 }
            }
        } else if !scanned {
            report(.failed("the file ends in damaged JSON after \(seen) conversations; those were read"))
        }
        if recognized == 0 { throw .notAnExport(seen == 0 ? "an empty array" : "an array of something else") }
    }

    /// The pages of the mapped file before `offset`, which the scanner has passed for good, given back every
    /// 64 MB: a 500 MB export once held 544 MB resident as its pages were read. Only whole pages already read are
    /// given back (were the file not mapped, they would read as zeros, but nothing reads them again).
    private static func release(_ raw: UnsafeRawBufferPointer, before offset: Int, releasedSoFar: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let base = raw.baseAddress, page > 0, offset - releasedSoFar >= 64 << 20 else { return releasedSoFar }
        let start = (Int(bitPattern: base) + releasedSoFar + page - 1) / page * page
        let end = (Int(bitPattern: base) + offset) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return releasedSoFar }
        madvise(pointer, end - start, MADV_DONTNEED)
        return end - Int(bitPattern: base)
    }

    /// One element of the array: imported when it is a conversation of either export; false when it is not one.
    private static func take(_ value: JSONValue, into store: SessionStore, dryRun: Bool, _ report: (Outcome) -> Void) -> Bool {
        let conversation: ImportedConversation?
        if ChatGPTExport.isConversation(value) {
            conversation = ChatGPTExport.conversation(value)
        } else if ClaudeExport.isConversation(value) {
            conversation = ClaudeExport.conversation(value)
        } else {
            return false
        }
        guard let conversation else { return true }  // a conversation with nothing a person said: nothing to keep
        write(conversation.records, id: conversation.sessionID, title: conversation.title, messages: conversation.messages.count, into: store, dryRun: dryRun, report)
        return true
    }

    private static func importSessionFile(_ path: String, into store: SessionStore, dryRun: Bool, _ report: (Outcome) -> Void) throws(Refusal) {
        let transcript: Transcript
        do {
            transcript = try TranscriptReader.read(path: path)
        } catch {
            throw .unreadable(path, error.description)
        }
        guard let header = transcript.header, SessionID.isValid(header.id), !transcript.conversation.messages.isEmpty else {
            throw .notAnExport("a JSON file that is not a natter session")
        }
        let title = SessionSummary(id: header.id, transcript: transcript).displayTitle
        write(transcript.records, id: header.id, title: title, messages: transcript.conversation.messages.count, into: store, dryRun: dryRun, report)
    }

    private static func write(
        _ records: [TranscriptRecord], id: String, title: String?, messages: Int, into store: SessionStore, dryRun: Bool,
        _ report: (Outcome) -> Void
    ) {
        let shownTitle = title ?? ""
        let path = store.path(for: id)
        guard !FileManager.default.fileExists(atPath: path) else { return report(.alreadyThere(id: id, title: shownTitle)) }
        guard !dryRun else { return report(.imported(id: id, title: shownTitle, messages: messages)) }
        do {
            try TranscriptWriter(path: path).append(contentsOf: records)
            report(.imported(id: id, title: shownTitle, messages: messages))
        } catch {
            report(.failed("\(shownTitle): \(error.description)"))
        }
    }
}
