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
    public static func render(_ transcript: Transcript, id: String, format: Format, tree: Bool = false) -> String {
        switch format {
        case .text: return TerminalText.sanitized(tree ? textTree(transcript, id: id) : text(transcript, id: id))
        case .markdown: return TerminalText.sanitized(tree ? markdownTree(transcript, id: id) : markdown(transcript, id: id))
        case .json: return json(transcript, id: id, records: tree ? transcript.records : transcript.activeBranchRecords)
        }
    }

    static func title(_ transcript: Transcript) -> String {
        if let title = transcript.title, !title.isEmpty { return title }
        let first = transcript.activeBranch.first { $0.role == .user }.map { SessionSummary.firstLine(of: $0.text) }
        return first.flatMap { $0.isEmpty ? nil : $0 } ?? "(untitled)"
    }

    static func speaker(_ message: Message) -> String {
        switch message.role {
        case .user: return "You"
        case .system: return "System"
        case .tool: return "Tool results"
        case .assistant: return message.origin?.label ?? "Assistant"
        }
    }

    /// How a reply ended, in words; nil for a complete one.
    static func ending(_ message: Message) -> String? {
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

    private static let timeFormat: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    /// A time as lists and documents show it: local, to the minute.
    public static func time(_ date: Date) -> String { timeFormat.string(from: date) }

    private static func text(_ transcript: Transcript, id: String) -> String {
        var out = "\(title(transcript))\nsession \(id)"
        if let created = transcript.header?.created { out += " · \(time(created))" }
        out += "\n"
        for problem in transcript.problems { out += "(\(problem))\n" }
        for record in transcript.activeBranchRecords {
            switch record {
            case .message(let message):
                out += "\n\(speaker(message)) [\(time(message.created))]\n" + textBody(message)
            case .switchModel(let provider, let model, _):
                out += "\n-- switched to \(provider) · \(model) --\n"
            case .session, .title, .partial, .active:
                break
            }
        }
        return out
    }

    /// A message's reasoning, text, tool calls and results, and how it ended, as plain lines.
    private static func textBody(_ message: Message) -> String {
        var out = ""
        let reasoning = message.reasoning
        if !reasoning.isEmpty {
            out += reasoning.split(separator: "\n", omittingEmptySubsequences: false).map { "  (thinking) \($0)" }.joined(separator: "\n") + "\n"
        }
        let text = message.text
        if !text.isEmpty { out += text + (text.hasSuffix("\n") ? "" : "\n") }
        for reference in message.attachments { out += "[attachment: \(reference.name), \(reference.mediaType), \(reference.bytes) bytes]\n" }
        for call in message.toolCalls { out += "[tool call \(call.name) \(call.arguments)]\n" }
        for result in message.toolResults { out += "[tool result\(result.isError ? " (error)" : "")] \(result.content)\n" }
        if let ending = ending(message) { out += "[\(ending)]\n" }
        return out
    }

    /// "‹2/3›" for a message with siblings, else nothing.
    private static func position(_ message: Message, in conversation: Conversation) -> String {
        let (index, count) = conversation.siblingPosition(of: message.id)
        return count > 1 ? " ‹\(index)/\(count)›" : ""
    }

    private static func textTree(_ transcript: Transcript, id: String) -> String {
        var out = "\(title(transcript))\nsession \(id) · every branch (● the active one)\n"
        for problem in transcript.problems { out += "(\(problem))\n" }
        let conversation = transcript.conversation
        for row in conversation.rows() {
            let indent = String(repeating: "  ", count: row.depth)
            let message = row.message
            out += "\n\(indent)\(row.isOnActivePath ? "●" : "○") \(speaker(message))\(position(message, in: conversation)) [\(time(message.created))]\n"
            out += textBody(message).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { indent + "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private static func markdownTree(_ transcript: Transcript, id: String) -> String {
        var out = "# \(title(transcript))\n\n*session `\(id)` · every branch; the active one is marked ●*\n"
        let conversation = transcript.conversation
        for row in conversation.rows() {
            let message = row.message
            let level = String(repeating: "#", count: min(6, 2 + row.depth))
            out += "\n\(level) \(row.isOnActivePath ? "● " : "")\(speaker(message))\(position(message, in: conversation))\n\n"
            out += markdownBody(message)
        }
        return out
    }

    private static func markdown(_ transcript: Transcript, id: String) -> String {
        var out = "# \(title(transcript))\n\n"
        var facts = ["session `\(id)`"]
        if let created = transcript.header?.created { facts.append(time(created)) }
        out += "*" + facts.joined(separator: " · ") + "*\n"
        for problem in transcript.problems { out += "\n> Note: \(problem)\n" }
        for record in transcript.activeBranchRecords {
            switch record {
            case .message(let message):
                out += "\n## \(speaker(message))\n\n" + markdownBody(message)
            case .switchModel(let provider, let model, _):
                out += "\n---\n\n*Switched to \(provider) · \(model).*\n"
            case .session, .title, .partial, .active:
                break
            }
        }
        return out
    }

    /// A code fence longer than any run of backticks in `text`: a tool's text cannot close it early and
    /// turn the rest of the export into its own markdown.
    static func fence(for text: String) -> String {
        var longest = 0
        var run = 0
        for character in text.utf8 {
            run = character == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    private static func markdownBody(_ message: Message) -> String {
        var out = ""
        let reasoning = message.reasoning
        if !reasoning.isEmpty { out += "<details><summary>Thinking</summary>\n\n\(reasoning)\n\n</details>\n\n" }
        let text = message.text
        if !text.isEmpty { out += text + (text.hasSuffix("\n") ? "" : "\n") }
        for reference in message.attachments { out += "\n*Attachment: \(reference.name) (\(reference.mediaType), \(reference.bytes) bytes)*\n" }
        for call in message.toolCalls {
            let fence = fence(for: call.arguments)
            out += "\n*Tool call \(call.server.map { "\($0) · " } ?? "")\(call.name):*\n\n\(fence)json\n\(call.arguments)\n\(fence)\n"
        }
        for result in message.toolResults {
            let fence = fence(for: result.content)
            out += "\n*Tool result\(result.isError ? " (error)" : ""):*\n\n\(fence)\n\(result.content)\n\(fence)\n"
        }
        if let ending = ending(message) { out += "\n> *\(ending)*\n" }
        return out
    }

    private static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// One JSON document: the session's facts and its records in the transcript's own line format.
    private static func json(_ transcript: Transcript, id: String, records: [TranscriptRecord]) -> String {
        let records = records.compactMap { record -> String? in
            guard let data = try? TranscriptCoding.encode(record) else { return nil }
            return String(decoding: data.dropLast(), as: UTF8.self)
        }
        var header = ["\"id\":\(quote(id))", "\"title\":\(quote(title(transcript)))"]
        if !transcript.problems.isEmpty {
            header.append("\"problems\":[" + transcript.problems.map(quote).joined(separator: ",") + "]")
        }
        return "{" + header.joined(separator: ",") + ",\"records\":[\n" + records.joined(separator: ",\n") + "\n]}\n"
    }
}
