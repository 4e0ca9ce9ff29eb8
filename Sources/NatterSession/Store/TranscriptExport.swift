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
    public static func render(_ transcript: Transcript, id: String, format: Format) -> String {
        switch format {
        case .text: return TerminalText.sanitized(text(transcript, id: id))
        case .markdown: return TerminalText.sanitized(markdown(transcript, id: id))
        case .json: return json(transcript, id: id)
        }
    }

    static func title(_ transcript: Transcript) -> String {
        if let title = transcript.title, !title.isEmpty { return title }
        let first = transcript.messages.first { $0.role == .user }.map { SessionSummary.firstLine(of: $0.content) }
        return first.flatMap { $0.isEmpty ? nil : $0 } ?? "(untitled)"
    }

    static func speaker(_ message: StoredMessage) -> String {
        switch message.role {
        case .user: return "You"
        case .system: return "System"
        case .assistant:
            let source = [message.provider, message.model].compactMap { $0 }.joined(separator: " · ")
            return source.isEmpty ? "Assistant" : source
        }
    }

    /// How a reply ended, in words; nil for a complete one.
    static func ending(_ message: StoredMessage) -> String? {
        switch message.finish {
        case .cancelled?: return "cancelled"
        case .interrupted?: return labelled("interrupted", message.error ?? "the reply ended early")
        case .error?: return labelled("error", message.error ?? "the reply failed")
        case .length?: return "stopped at the length limit"
        case .contentFilter?: return "stopped or refused by the provider's content filter"
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
        for record in transcript.records {
            switch record {
            case .message(let message):
                out += "\n\(speaker(message)) [\(time(message.timestamp))]\n"
                if let reasoning = message.reasoning, !reasoning.isEmpty {
                    out += reasoning.split(separator: "\n", omittingEmptySubsequences: false).map { "  (thinking) \($0)" }.joined(separator: "\n") + "\n"
                }
                if !message.content.isEmpty { out += message.content + (message.content.hasSuffix("\n") ? "" : "\n") }
                if let ending = ending(message) { out += "[\(ending)]\n" }
            case .switchModel(let provider, let model, _):
                out += "\n-- switched to \(provider) · \(model) --\n"
            case .session, .title, .partial:
                break
            }
        }
        return out
    }

    private static func markdown(_ transcript: Transcript, id: String) -> String {
        var out = "# \(title(transcript))\n\n"
        var facts = ["session `\(id)`"]
        if let created = transcript.header?.created { facts.append(time(created)) }
        out += "*" + facts.joined(separator: " · ") + "*\n"
        for problem in transcript.problems { out += "\n> Note: \(problem)\n" }
        for record in transcript.records {
            switch record {
            case .message(let message):
                out += "\n## \(speaker(message))\n\n"
                if let reasoning = message.reasoning, !reasoning.isEmpty {
                    out += "<details><summary>Thinking</summary>\n\n\(reasoning)\n\n</details>\n\n"
                }
                if !message.content.isEmpty { out += message.content + (message.content.hasSuffix("\n") ? "" : "\n") }
                if let ending = ending(message) { out += "\n> *\(ending)*\n" }
            case .switchModel(let provider, let model, _):
                out += "\n---\n\n*Switched to \(provider) · \(model).*\n"
            case .session, .title, .partial:
                break
            }
        }
        return out
    }

    private static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// One JSON document: the session's facts and its records in the transcript's own line format.
    private static func json(_ transcript: Transcript, id: String) -> String {
        let records = transcript.records.compactMap { record -> String? in
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
