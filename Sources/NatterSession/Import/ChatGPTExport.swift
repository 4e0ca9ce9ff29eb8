import Foundation
import NatterProviders

/// ChatGPT's data export (`conversations.json`, an array of conversations): each a `mapping` of nodes (id,
/// message, parent, children) whose branches are edits and regenerations, and `current_node`, the leaf shown.
/// Only what a person saw is kept: the person's and the model's text; system, tool and hidden nodes, code sent to
/// a tool and browsing or reasoning displays are left out, their children joined to the nearest message kept.
enum ChatGPTExport {
    static func isConversation(_ value: JSONValue) -> Bool {
        if case .object? = value["mapping"] { return true }
        return false
    }

    static func conversation(_ value: JSONValue) -> ImportedConversation? {
        guard case .object(let mapping)? = value["mapping"] else { return nil }
        let id = value["conversation_id"]?.stringValue ?? value["id"]?.stringValue ?? ""
        guard !id.isEmpty else { return nil }
        let created = value["create_time"]?.epochDate ?? value["update_time"]?.epochDate ?? Date(timeIntervalSince1970: 0)
        // Kept messages by node id; a node left out stands for the nearest kept ancestor.
        var kept: [String: Message] = [:]
        var order: [Message] = []
        var standIn: [String: String?] = [:]
        // A loop up the parents, not recursion: a file of a million hidden nodes in a row must not exhaust the stack.
        func keptAncestor(of start: String?) -> String? {
            var walked: [String] = []
            var visited = Set<String>()
            var current = start
            var answer: String?
            while let nodeID = current, let node = mapping[nodeID] {
                if kept[nodeID] != nil {
                    answer = nodeID
                    break
                }
                if let known = standIn[nodeID] {
                    answer = known
                    break
                }
                guard visited.insert(nodeID).inserted else { break }  // a cycle in a damaged file ends the walk
                walked.append(nodeID)
                current = node["parent"]?.stringValue
            }
            for nodeID in walked { standIn[nodeID] = answer }
            return answer
        }
        // Parents before children: from each root down, children in the order the export lists them.
        let roots = mapping.filter { node in node.value["parent"]?.stringValue.flatMap { mapping[$0] } == nil }.map(\.key)
        var stack = Array(roots.sorted().reversed())
        var seen = Set<String>()
        while let nodeID = stack.popLast() {
            guard seen.insert(nodeID).inserted, let node = mapping[nodeID] else { continue }
            if let message = node["message"], let shown = shownMessage(message, id: nodeID, created: created) {
                var placed = shown
                placed.parent = keptAncestor(of: node["parent"]?.stringValue)
                kept[nodeID] = placed
                order.append(placed)
            }
            let children = node["children"]?.arrayValue?.compactMap(\.stringValue) ?? []
            stack += children.reversed()
        }
        guard !order.isEmpty else { return nil }
        let leaf = keptAncestor(of: value["current_node"]?.stringValue)
        let title = value["title"]?.stringValue
        return ImportedConversation(source: "chatgpt", sourceID: id, title: title, created: created, messages: order, activeLeaf: leaf)
    }

    /// The message as natter keeps it, or nil for one the person never saw as such.
    private static func shownMessage(_ message: JSONValue, id: String, created: Date) -> Message? {
        let role: Role
        switch message["author"]?["role"]?.stringValue {
        case "user"?: role = .user
        case "assistant"?: role = .assistant
        default: return nil  // system, tool, function: not what the conversation showed
        }
        if message["metadata"]?["is_visually_hidden_from_conversation"]?.boolValue == true { return nil }
        if role == .assistant, let recipient = message["recipient"]?.stringValue, recipient != "all" { return nil }  // code sent to a tool
        guard let content = message["content"] else { return nil }
        switch content["content_type"]?.stringValue {
        case "text"?, "multimodal_text"?: break
        default: return nil  // code, execution output, browsing, reasoning displays, custom instructions
        }
        var lines: [String] = []
        var text = ""
        for part in content["parts"]?.arrayValue ?? [] {
            switch part {
            case .string(let piece): text += piece
            case .object:
                if let piece = part["text"]?.stringValue {
                    text += piece
                } else if part["content_type"]?.stringValue == "image_asset_pointer", message["metadata"]?["attachments"]?.arrayValue?.isEmpty != false {
                    // Named by its upload below when the message lists one; by its pointer otherwise.
                    let pointer = part["asset_pointer"]?.stringValue ?? "an image"
                    let name = pointer.split(separator: "/").last.map(String.init) ?? pointer
                    lines.append(ImportedConversation.missingFile(name, bytes: part["size_bytes"]?.countValue))
                }
            case .null, .bool, .number, .array: continue
            }
        }
        for attachment in message["metadata"]?["attachments"]?.arrayValue ?? [] {
            guard let name = attachment["name"]?.stringValue else { continue }
            lines.append(ImportedConversation.missingFile(name, bytes: attachment["size"]?.countValue))
        }
        let whole = ([text].filter { !$0.isEmpty } + lines).joined(separator: "\n\n")
        guard !whole.isEmpty else { return nil }
        let origin = role == .assistant ? (message["metadata"]?["model_slug"]?.stringValue).map { Origin(provider: "openai", model: $0) } : nil
        return Message(
            id: id, parent: nil, role: role, parts: [.text(whole)], origin: origin, finish: role == .assistant ? .stop : nil,
            created: message["create_time"]?.epochDate ?? created)
    }
}
