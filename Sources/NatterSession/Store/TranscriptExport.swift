import Foundation
import NatterProviders

/// A transcript as a document: plain text for reading in a pager, Markdown for sharing, JSON for programs.
/// Switches and how each reply ended appear where they happened.
public enum TranscriptExport {
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// Transcripts hold model output, and an export is read by people: through `less`, `cat` or a pager its
    /// escape sequences would reach a screen all the same, so text and Markdown never carry them. JSON escapes
    /// control characters itself.
    /// The active branch, or with `tree` every branch: depth first, each message indented by its depth and
    /// marked when it is on the active branch.
    /// Given the attachment store, each attachment says where its file is (Markdown links it) or that it is gone.
    public static func render(_ transcript: Transcript, id: String, format: Format, tree: Bool = false, attachments: AttachmentStore? = nil) -> String {
        var document = ""
        write(transcript, id: id, format: format, tree: tree, attachments: attachments) { document += $0 }
        return document
    }

    /// The same document handed to `emit` piece by piece as it is made, never whole: `natter show --tree` of
    /// 200,000 messages streams instead of building hundreds of megabytes first.
    public static func write(
        _ transcript: Transcript, id: String, format: Format, tree: Bool = false, attachments: AttachmentStore? = nil,
        to emit: (String) -> Void
    ) {
        let clean: (String) -> Void = { emit(TerminalText.sanitized($0)) }
        switch format {
        case .text: tree ? textTree(transcript, id: id, attachments, clean) : text(transcript, id: id, attachments, clean)
        case .markdown: tree ? markdownTree(transcript, id: id, attachments, clean) : markdown(transcript, id: id, attachments, clean)
        case .json: json(transcript, id: id, tree: tree, emit)
        }
    }

    public static func title(_ transcript: Transcript) -> String {
        if let title = transcript.title, !title.isEmpty { return title }
        let first = transcript.conversation.firstOnActiveBranch { $0.role == .user }.map { SessionSummary.firstLine(of: transcript.withParts($0).text) }
        return first.flatMap { $0.isEmpty ? nil : $0 } ?? "(untitled)"
    }

    public static func speaker(_ message: Message) -> String {
        switch message.role {
        case .user: return "You"
        case .system: return "System"
        case .tool: return "Tool results"
        case .assistant:
            let figures = UsageText.tag(message.usage)
            return (message.origin?.label ?? "Assistant") + (figures.isEmpty ? "" : " · " + figures)
        }
    }

    /// How a reply ended, in words; nil for a complete one.
    public static func ending(_ message: Message) -> String? {
        switch message.finish {
        case .cancelled?: return "cancelled"
        case .interrupted?: return labelled("interrupted", message.error ?? "the reply ended early")
        case .error?: return labelled("error", message.error ?? "the reply failed")
        case .length?: return "stopped at the length limit"
        case .contentFilter?: return "stopped or refused by the provider's content filter"
        case .toolCalls?: return "asked to run tools"
        case .stop?, nil: return nil
        }
    }

    /// "label: reason", unless the reason already says it.
    private static func labelled(_ label: String, _ reason: String) -> String {
        reason.lowercased().hasPrefix(label) ? reason : "\(label): \(reason)"
    }

    /// A time as lists and documents show it: local, to the minute. From the C library's local time rather than
    /// a DateFormatter, which was a fifth of printing a 200,000-message tree.
    public static func time(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)) + year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    private static func text(_ transcript: Transcript, id: String, _ attachments: AttachmentStore?, _ emit: (String) -> Void) {
        var out = "\(title(transcript))\nsession \(id)"
        if let created = transcript.header?.created { out += " · \(time(created))" }
        out += "\n"
        for problem in transcript.problems { out += "(\(problem))\n" }
        transcript.forEachActiveBranchRecord { record in
            emit(out)
            out = ""
            switch record {
            case .message(let message):
                out += "\n\(speaker(message)) [\(time(message.created))]\n" + textBody(transcript.withParts(message), attachments)
            case .switchModel(let provider, let model, _):
                out += "\n-- switched to \(provider) · \(model) --\n"
            case .params(let parameters):
                out += "\n-- parameters: \(parameters.isEmpty ? "the model's defaults" : parameters.summary) --\n"
            case .systemPrompt(let prompt):
                out += prompt.map { "\n-- system prompt --\n\($0)\n" } ?? "\n-- no system prompt --\n"
            case .compaction(let compaction):
                out += "\n-- the \(compaction.messageCount) messages above are summarized for the model, as --\n\(compaction.summary)\n-- end of summary --\n"
            case .session, .title, .partial, .active, .uncompact, .pinned, .archived:
                break
            }
        }
        emit(out)
    }

    /// A message's reasoning, text, tool calls and results, and how it ended, as plain lines.
    private static func textBody(_ message: Message, _ attachments: AttachmentStore?) -> String {
        var out = ""
        let reasoning = message.reasoning
        if !reasoning.isEmpty {
            out += reasoning.split(separator: "\n", omittingEmptySubsequences: false).map { "  (thinking) \($0)" }.joined(separator: "\n") + "\n"
        }
        let text = message.text
        if !text.isEmpty { out += text + (text.hasSuffix("\n") ? "" : "\n") }
        for reference in message.attachments {
            var kept = ""
            if let attachments {
                let path = attachments.path(of: reference)
                kept = FileManager.default.fileExists(atPath: path) ? ", " + path : ", missing from \(attachments.directory)"
            }
            out += "[\(reference.kind) \(reference.name), \(Quantities.bytes(reference.bytes))\(kept)]\n"
        }
        for call in message.toolCalls { out += "[tool call \(call.name) \(call.arguments)]\n" }
        for result in message.toolResults { out += "[tool result\(result.isError ? " (error)" : "")] \(result.content)\n" }
        if let ending = ending(message) { out += "[\(ending)]\n" }
        return out
    }

    /// "‹2/3›" for a message with siblings, else nothing.
    private static func position(_ row: TreeRow) -> String {
        row.siblingCount > 1 ? " ‹\(row.siblingIndex)/\(row.siblingCount)›" : ""
    }

    /// Indented by branch level, not depth: a chain of 200,000 messages is one level, not 200,000 (which once
    /// made the output quadratic in the conversation's length).
    private static func textTree(_ transcript: Transcript, id: String, _ attachments: AttachmentStore?, _ emit: (String) -> Void) {
        emit("\(title(transcript))\nsession \(id) · every branch (● the active one)\n")
        for problem in transcript.problems { emit("(\(problem))\n") }
        transcript.conversation.forEachRow { row in
            let indent = String(repeating: "  ", count: row.branchLevel)
            let message = transcript.withParts(row.message)
            var out = "\n\(indent)\(row.isOnActivePath ? "●" : "○") \(speaker(message))\(position(row)) [\(time(message.created))]\n"
            out += indented(textBody(message, attachments), by: indent + "  ")
            emit(out)
        }
    }

    /// Each line of `body` after `prefix`, found by its bytes: splitting into Characters was a third of printing
    /// a 200,000-message tree. An empty body is one empty line.
    static func indented(_ body: String, by prefix: String) -> String {
        guard !body.isEmpty else { return "\n" }
        var out = ""
        out.reserveCapacity(body.utf8.count + 4 * prefix.utf8.count)
        var rest = body[...]
        while let newline = rest.utf8.firstIndex(of: 0x0A) {
            out += prefix
            out += rest[..<newline]
            out += "\n"
            rest = rest[rest.utf8.index(after: newline)...]
        }
        if !rest.isEmpty { out += prefix + rest + "\n" }
        return out
    }

    private static func markdownTree(_ transcript: Transcript, id: String, _ attachments: AttachmentStore?, _ emit: (String) -> Void) {
        emit("# \(title(transcript))\n\n*session `\(id)` · every branch; the active one is marked ●*\n")
        transcript.conversation.forEachRow { row in
            let message = transcript.withParts(row.message)
            let level = String(repeating: "#", count: min(6, 2 + row.branchLevel))
            emit("\n\(level) \(row.isOnActivePath ? "● " : "")\(speaker(message))\(position(row))\n\n" + markdownBody(message, attachments))
        }
    }

    private static func markdown(_ transcript: Transcript, id: String, _ attachments: AttachmentStore?, _ emit: (String) -> Void) {
        var out = "# \(title(transcript))\n\n"
        var facts = ["session `\(id)`"]
        if let created = transcript.header?.created { facts.append(time(created)) }
        out += "*" + facts.joined(separator: " · ") + "*\n"
        for problem in transcript.problems { out += "\n> Note: \(problem)\n" }
        transcript.forEachActiveBranchRecord { record in
            emit(out)
            out = ""
            switch record {
            case .message(let message):
                out += "\n## \(speaker(message))\n\n" + markdownBody(transcript.withParts(message), attachments)
            case .switchModel(let provider, let model, _):
                out += "\n---\n\n*Switched to \(provider) · \(model).*\n"
            case .params(let parameters):
                out += "\n*Parameters: \(parameters.isEmpty ? "the model's defaults" : parameters.summary).*\n"
            case .systemPrompt(let prompt):
                out += prompt.map { "\n*System prompt:*\n\n\(CodeFence.fence(for: $0))\n\($0)\n\(CodeFence.fence(for: $0))\n" } ?? "\n*No system prompt.*\n"
            case .compaction(let compaction):
                let fence = CodeFence.fence(for: compaction.summary)
                out += "\n*The \(compaction.messageCount) messages above are summarized for the model, as:*\n\n\(fence)\n\(compaction.summary)\n\(fence)\n"
            case .session, .title, .partial, .active, .uncompact, .pinned, .archived:
                break
            }
        }
        emit(out)
    }

    private static func markdownBody(_ message: Message, _ attachments: AttachmentStore?) -> String {
        var out = ""
        let reasoning = message.reasoning
        if !reasoning.isEmpty { out += "<details><summary>Thinking</summary>\n\n\(reasoning)\n\n</details>\n\n" }
        let text = message.text
        if !text.isEmpty { out += text + (text.hasSuffix("\n") ? "" : "\n") }
        for reference in message.attachments {
            let name = markdownEscaped(reference.name)
            var shown = name
            var missing = ""
            if let attachments {
                let path = attachments.path(of: reference)
                if FileManager.default.fileExists(atPath: path) { shown = "[\(name)](\(URL(fileURLWithPath: path).absoluteString))" } else { missing = ", missing" }
            }
            out += "\n*Attachment: \(shown) (\(reference.kind), \(Quantities.bytes(reference.bytes))\(missing))*\n"
        }
        for call in message.toolCalls {
            let fence = CodeFence.fence(for: call.arguments)
            out += "\n*Tool call \(call.server.map { "\($0) · " } ?? "")\(call.name):*\n\n\(fence)json\n\(call.arguments)\n\(fence)\n"
        }
        for result in message.toolResults {
            let fence = CodeFence.fence(for: result.content)
            out += "\n*Tool result\(result.isError ? " (error)" : ""):*\n\n\(fence)\n\(result.content)\n\(fence)\n"
        }
        if let ending = ending(message) { out += "\n> *\(ending)*\n" }
        return out
    }

    /// A file name in Markdown text: its punctuation cannot open a link, emphasis or code.
    private static func markdownEscaped(_ name: String) -> String {
        var out = ""
        for character in name {
            if "\\`*_[](){}<>#!|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// JSON escapes control characters itself but keeps bidi controls and tag characters as they are, and a
    /// JSON file is read in pagers and editors too: every scalar the other formats strip is written as a
    /// `\\uXXXX` escape here, so a program reading the file still gets it and a person never sees it act.
    static func escapingInvisible(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard TerminalText.isUnsafe(scalar) else {
                out.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 { out.append(contentsOf: String(format: "\\u%04x", unit).unicodeScalars) }
        }
        return String(out)
    }

    private static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// One JSON document: the session's facts and its records in the transcript's own line format.
    private static func json(_ transcript: Transcript, id: String, tree: Bool, _ emit: (String) -> Void) {
        var header = ["\"id\":\(quote(id))", "\"title\":\(escapingInvisible(quote(title(transcript))))"]
        if !transcript.problems.isEmpty {
            header.append("\"problems\":[" + transcript.problems.map(quote).joined(separator: ",") + "]")
        }
        emit("{" + header.joined(separator: ",") + ",\"records\":[\n")
        var first = true
        func write(_ record: TranscriptRecord) {
            var record = record
            if case .message(let message) = record { record = .message(transcript.withParts(message)) }
            guard let data = try? TranscriptCoding.encode(record) else { return }
            emit((first ? "" : ",\n") + escapingInvisible(String(decoding: data.dropLast(), as: UTF8.self)))
            first = false
        }
        if tree { transcript.forEachRecord(write) } else { transcript.forEachActiveBranchRecord(write) }
        emit("\n]}\n")
    }
}
