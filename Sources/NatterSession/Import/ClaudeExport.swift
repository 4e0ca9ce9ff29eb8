import Foundation
import NatterProviders

/// Claude's data export (`conversations.json`, an array of conversations): each with `uuid`, `name`, ISO 8601
/// times and `chat_messages` in time order, a message's `content` blocks (text, thinking, tool use and results)
/// beside its plain `text`, and the files it carried named in `attachments` and `files`. Newer exports give each
/// message its `parent_message_uuid`, so edits and retries are branches; older ones are one line. The export
/// names no model.
enum ClaudeExport {
    /// The parent of a first message in newer exports.
    static let rootParent = "00000000-0000-4000-8000-000000000000"

    static func isConversation(_ value: JSONValue) -> Bool {
        if case .array? = value["chat_messages"] { return true }
        return false
    }

    static func conversation(_ value: JSONValue) -> ImportedConversation? {
        guard let items = value["chat_messages"]?.arrayValue, let id = value["uuid"]?.stringValue else { return nil }
        let created = value["created_at"]?.stringValue.flatMap(isoDate) ?? Date(timeIntervalSince1970: 0)
        var messages: [Message] = []
        var ids = Set<String>()
        var previous: String?
        for item in items {
            guard let message = shownMessage(item, created: created), ids.insert(message.id).inserted else { continue }
            var placed = message
            // A parent named and already read makes a branch; none (older exports) continues the line.
            if let parent = item["parent_message_uuid"]?.stringValue {
                placed.parent = parent == rootParent ? nil : ids.contains(parent) ? parent : previous
            } else {
                placed.parent = previous
            }
            messages.append(placed)
            previous = placed.id
        }
        guard !messages.isEmpty else { return nil }
        // The export says which branch was shown nowhere: the leaf written last is taken.
        let parents = Set(messages.compactMap(\.parent))
        let leaf = messages.last { !parents.contains($0.id) }?.id
        let name = value["name"]?.stringValue ?? value["summary"]?.stringValue
        return ImportedConversation(source: "claude", sourceID: id, title: name, created: created, messages: messages, activeLeaf: leaf)
    }

    private static func shownMessage(_ item: JSONValue, created: Date) -> Message? {
        guard let id = item["uuid"]?.stringValue else { return nil }
        let role: Role
        switch item["sender"]?.stringValue {
        case "human"?: role = .user
        case "assistant"?: role = .assistant
        default: return nil
        }
        var texts: [String] = []
        var reasoning = ""
        for block in item["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text"?: if let text = block["text"]?.stringValue { texts.append(text) }
            case "thinking"?: if let thought = block["thinking"]?.stringValue { reasoning += thought }
            case "tool_use"?: texts.append("[tool call \(block["name"]?.stringValue ?? "a tool")]")
            case "tool_result"?: texts.append("[tool result]")
            default: continue  // voice notes and whatever comes next: the plain `text` below stands in when nothing else does
            }
        }
        if texts.isEmpty, let text = item["text"]?.stringValue { texts.append(text) }
        for file in (item["attachments"]?.arrayValue ?? []) + (item["files"]?.arrayValue ?? []) {
            guard let name = file["file_name"]?.stringValue else { continue }
            texts.append(ImportedConversation.missingFile(name, bytes: file["file_size"]?.countValue))
        }
        let text = texts.joined(separator: "\n\n")
        guard !text.isEmpty || !reasoning.isEmpty else { return nil }
        let parts: [Part] = (reasoning.isEmpty ? [] : [.reasoning(reasoning)]) + [.text(text)]
        return Message(
            id: id, parent: nil, role: role, parts: parts, finish: role == .assistant ? .stop : nil,
            created: item["created_at"]?.stringValue.flatMap(isoDate) ?? created)
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let whole = Date.ISO8601FormatStyle()

    /// "2026-03-17T02:49:28.202567Z": with or without the fraction.
    static func isoDate(_ text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? whole.parse(text))
    }
}
