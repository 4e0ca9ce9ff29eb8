import Foundation
import NatterProviders

/// A transcript as read back: every record that could be understood, and an account of what could not.
/// Reading never fails on content and never writes to the file.
public struct Transcript: Sendable, Hashable {
    public var header: SessionHeader?
    /// The records other than messages, in the order written, each placed after the messages read before it.
    /// A message is kept once, in `conversation`; `records` and `forEachRecord` merge the two back into file order.
    var others: [PlacedRecord] = []
    /// Lines that were not valid JSON or not a known record, by 1-based line number.
    public var skippedLines: [Int] = []
    /// The last line had no newline and did not parse: the writer was cut off mid-write.
    public var tornLastLine = false

    /// The tree the messages make, its leaf where the file last put it.
    public var conversation = Conversation()

    /// Read lean (`TranscriptReader.read(path:lean:)`): the messages whose parts were left on disk, by id, with
    /// where their line is. `withParts(_:)` reads them back one at a time.
    public var partsOnDisk: [String: LineSpan] = [:]
    /// The file a lean transcript was read from.
    public var path: String?

    public init() {}

    /// A record that is not a message, and how many messages came before it in the file.
    struct PlacedRecord: Sendable, Hashable {
        var record: TranscriptRecord
        var messagesBefore: Int
    }

    /// Every record in the order written, messages included.
    public var records: [TranscriptRecord] {
        var records: [TranscriptRecord] = []
        forEachRecord { records.append($0) }
        return records
    }

    /// `records` one at a time, none kept: printing a 500,000-message session makes no list of them.
    public func forEachRecord(_ body: (TranscriptRecord) -> Void) {
        var next = others.startIndex
        for (index, message) in conversation.messages.enumerated() {
            while next < others.endIndex, others[next].messagesBefore <= index {
                body(others[next].record)
                next += 1
            }
            body(.message(message))
        }
        for placed in others[next...] { body(placed.record) }
    }

    /// Every message of every branch, in the order written.
    public var messages: [Message] { conversation.messages }

    /// The messages of the branch in use.
    public var activeBranch: [Message] { conversation.path() }

    /// Written by a later natter whose records this version may only partly understand.
    public var isFromNewerVersion: Bool { (header?.version ?? 0) > TranscriptFormat.version }

    /// Nothing in it was a natter record: some other file that happens to sit in the folder.
    public var isForeign: Bool { header == nil && others.isEmpty && conversation.isEmpty }

    /// What could not be shown, in words, for the reader of the transcript; empty when all was well.
    public var problems: [String] {
        var problems: [String] = []
        if isForeign { problems.append("this is not a natter transcript") }
        if isFromNewerVersion {
            problems.append("written by a newer natter (format \(header?.version ?? 0)); records this version does not know are left out")
        }
        if !skippedLines.isEmpty {
            let shown = skippedLines.prefix(5).map(String.init).joined(separator: ", ")
            let more = skippedLines.count > 5 ? ", …" : ""
            problems.append("skipped \(skippedLines.count) unreadable line\(skippedLines.count == 1 ? "" : "s") (\(shown)\(more))")
        }
        if tornLastLine { problems.append("the last line was cut off mid-write and is left out") }
        return problems
    }

    /// The provider and model the conversation last used: the latest switch or message that names them.
    public var lastSelection: (provider: String, model: String)? {
        let lastSwitch = others.last { if case .switchModel = $0.record { true } else { false } }
        let lastNamed = conversation.messages.lastIndex { $0.origin != nil }
        if let lastSwitch, case .switchModel(let provider, let model, _) = lastSwitch.record, lastSwitch.messagesBefore > (lastNamed ?? -1) {
            return (provider, model)
        }
        return lastNamed.flatMap { conversation.messages[$0].origin }.map { ($0.provider, $0.model) }
    }

    /// The request parameters last set in the conversation (SPEC 11): a resumed session goes on with them.
    public var lastParameters: ModelParameters? {
        for placed in others.reversed() { if case .params(let parameters) = placed.record { return parameters } }
        return nil
    }

    /// The system prompt last set (nil when none was, or it was taken away).
    public var lastSystemPrompt: String? {
        for placed in others.reversed() { if case .systemPrompt(let prompt) = placed.record { return prompt } }
        return nil
    }

    /// The latest title record, if any.
    public var title: String? {
        for placed in others.reversed() { if case .title(let title, _) = placed.record { return title } }
        return nil
    }
}

/// Where a line is in a file: its first byte and its length (without the newline).
public struct LineSpan: Sendable, Hashable {
    public var offset: Int
    public var length: Int
}

public enum TranscriptReader {
    /// Reads a whole transcript, streaming through the file rather than loading it first.
    ///
    /// `lean`: the messages' parts (their text, reasoning, calls and results) stay on disk, and only the tree, the
    /// other records and where each message's line is are kept; `Transcript.withParts(_:)` reads a message's parts
    /// when it is printed. `natter show` of a 1 GB transcript held 4.2 GB this way round; lean, it holds the tree.
    public static func read(path: String, lean: Bool = false) throws(TranscriptError) -> Transcript {
        var parser = TranscriptParser()
        parser.lean = lean
        try LineReader.forEachLine(path: path) { line in
            let start = line.endOffset - line.bytes.count - (line.isTerminated ? 1 : 0)
            parser.take(line.bytes, isTerminated: line.isTerminated, span: LineSpan(offset: start, length: line.bytes.count))
            return true
        }
        var transcript = parser.transcript
        if lean { transcript.path = path }
        return transcript
    }

    public static func parse(_ data: Data) -> Transcript {
        var parser = TranscriptParser()
        data.withUnsafeBytes { all in
            var start = 0
            guard let base = all.baseAddress else { return }
            while start < all.count {
                // memchr, as LineReader does: the generic firstIndex(of:) on a raw buffer slice took most of
                // the time of parsing.
                let end = memchr(base + start, 0x0A, all.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? all.count
                parser.take(UnsafeRawBufferPointer(rebasing: all[start..<end]), isTerminated: end < all.count, span: LineSpan(offset: start, length: end - start))
                start = end + 1
            }
        }
        return parser.transcript
    }
}

/// Folds lines into a `Transcript`, one at a time, whatever they came from. Messages of format 1 (no id, no
/// parent) get the id of their line and follow the message before them; a reply right after another reply
/// (format 1's regenerate) becomes its sibling.
struct TranscriptParser {
    private var collected = Transcript()
    private var lineNumber = 0
    /// `partial` records of a reply whose own `message` record has not (yet) come.
    private var unfinished: ReplyProgress?
    /// The last message in file order, for placing one of format 1.
    private var previous: Message?
    /// Replies read back as interrupted (their partials were followed by something else), by id: compare
    /// streams several replies at once, so their partials and records interleave, and a later partial or the
    /// reply's own record belongs in the interrupted reply's place rather than after.
    private var interrupted: Set<String> = []
    /// Keep messages without their parts, which stay on disk (see `TranscriptReader.read(path:lean:)`).
    var lean = false

    /// What was read, with a reply that never got its `message` record (natter was killed while it streamed)
    /// as an interrupted one holding the text that had arrived.
    var transcript: Transcript {
        var transcript = collected
        if let unfinished { Self.append(unfinished.interruptedReply, to: &transcript) }
        return transcript
    }

    private static func append(_ message: Message, to transcript: inout Transcript) {
        transcript.conversation.add(message)
    }

    /// More of a reply already read back as interrupted: its record grows in place, the leaf stays.
    private mutating func extendInterrupted(_ id: String, with progress: ReplyProgress) {
        guard var message = collected.conversation[id] else { return }
        var grown = ReplyProgress(id: message.id, parent: message.parent, text: message.text, reasoning: message.reasoning, origin: message.origin)
        grown.text += progress.text
        grown.reasoning += progress.reasoning
        message.parts = grown.interruptedReply.parts
        collected.conversation.replace(message)
    }

    mutating func take(_ line: UnsafeRawBufferPointer, isTerminated: Bool, span: LineSpan? = nil) {
        lineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
        guard let record = try? TranscriptCoding.decode(line) else {
            if isTerminated { collected.skippedLines.append(lineNumber) } else { collected.tornLastLine = true }
            return
        }
        switch record {
        case .session(let header):
            if collected.header == nil { collected.header = header }
            collected.place(record)
        case .partial(var progress):
            if !progress.id.isEmpty, interrupted.contains(progress.id) {
                extendInterrupted(progress.id, with: progress)
            } else if var known = unfinished, known.id == progress.id || progress.id.isEmpty {
                known.text += progress.text
                known.reasoning += progress.reasoning
                unfinished = known
            } else {
                finishUnfinished()
                if progress.id.isEmpty {
                    progress.id = TranscriptFormat.lineID(lineNumber)
                    progress.parent = linearParent(forReply: true)
                }
                unfinished = progress
            }
        case .message(var message):
            if message.id.isEmpty {
                if message.role == .assistant, let progress = unfinished, progress.id.hasPrefix("l") {
                    // Format 1: the reply's own record supersedes its partials and takes their place.
                    message.id = progress.id
                    message.parent = progress.parent
                    unfinished = nil
                } else {
                    finishUnfinished()
                    message.id = TranscriptFormat.lineID(lineNumber)
                    message.parent = linearParent(forReply: message.role == .assistant)
                }
            } else if unfinished?.id == message.id {
                unfinished = nil  // the reply's own record
            }
            finishUnfinished()
            if lean, let span, span.length > Self.leanAbove, !message.parts.isEmpty {
                // Only this record's line holds them, however the message was placed (format 1 included).
                collected.partsOnDisk[message.id] = span
                message.parts = []
            } else if !collected.partsOnDisk.isEmpty {
                collected.partsOnDisk[message.id] = nil  // a later record of the same id holds its parts itself
            }
            // The whole reply after another's partials had cut its own short takes the interrupted one's place:
            // the conversation replaces a message it already holds where it stands.
            interrupted.remove(message.id)
            Self.append(message, to: &collected)
            previous = message
        case .active(let id):
            collected.conversation.setActiveLeaf(id)
            collected.place(record)
        case .switchModel, .title, .params, .systemPrompt, .pinned, .archived:
            collected.place(record)
        case .compaction(let compaction):
            finishUnfinished()  // a reply cut off before it may be what it covers
            collected.conversation.add(compaction)
            collected.place(record)
        case .uncompact(let id):
            collected.conversation.undoCompaction(id)
            collected.place(record)
        }
    }

    /// Lines up to this long are kept whole even when reading lean: their parts cost less than looking them up.
    static let leanAbove = 512

    /// A reply whose partials were followed by something else than its own record: it was cut off.
    private mutating func finishUnfinished() {
        guard let progress = unfinished else { return }
        unfinished = nil
        let reply = progress.interruptedReply
        if !reply.id.hasPrefix("l") { interrupted.insert(reply.id) }
        Self.append(reply, to: &collected)
        previous = reply
    }

    /// Format 1's rule: a message follows the one before it, except a reply right after a reply, which
    /// replaced it (regenerate) and so is its sibling.
    private func linearParent(forReply isReply: Bool) -> String? {
        guard let previous else { return nil }
        if isReply, previous.role == .assistant { return previous.parent }
        return previous.id
    }
}

extension Transcript {
    /// A record that is not a message, read from the file: kept in order after the messages read before it.
    mutating func place(_ record: TranscriptRecord) {
        others.append(PlacedRecord(record: record, messagesBefore: conversation.count))
    }

    /// The records of the active branch in file order: its messages, and every switch, title and header
    /// (a switch changed the model for whatever came next, on any branch), and the compaction in effect.
    public var activeBranchRecords: [TranscriptRecord] {
        var records: [TranscriptRecord] = []
        forEachActiveBranchRecord { records.append($0) }
        return records
    }

    /// `activeBranchRecords` one at a time, none kept.
    public func forEachActiveBranchRecord(_ body: (TranscriptRecord) -> Void) {
        let onPath = conversation.activePathIDs()
        forEachRecord { record in
            switch record {
            case .message(let message): if onPath.contains(message.id) { body(record) }
            case .active, .partial, .uncompact, .pinned, .archived: break
            case .switchModel, .session, .title, .params, .systemPrompt: body(record)
            // A summary still in effect on this branch (not undone, not replaced by a later one).
            case .compaction(let compaction):
                if onPath.contains(compaction.through), conversation.compactions[compaction.through]?.id == compaction.id { body(record) }
            }
        }
    }
}

extension Transcript {
    /// The message with its parts read back from disk when it was read lean; as it is otherwise (and when its line
    /// can no longer be read, which only a file changed since would do).
    public func withParts(_ message: Message) -> Message {
        guard let span = partsOnDisk[message.id], let path else { return message }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return message }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: span.length)
        var done = 0
        while done < span.length {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, span.length - done, off_t(span.offset + done)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return message }
            done += count
        }
        guard case .message(let stored)? = bytes.withUnsafeBytes({ try? TranscriptCoding.decode($0) }) else { return message }
        var whole = message
        whole.parts = stored.parts
        return whole
    }
}
