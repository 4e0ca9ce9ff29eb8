import Foundation

/// Who said a message. The system prompt travels as a message too, and each engine places it where its API
/// wants it (OpenAI and Ollama in the list, Anthropic in a top-level field). `tool` messages carry the
/// results of the tool calls in the reply before them.
public enum Role: String, Sendable, Codable, Hashable {
    case system, user, assistant, tool
}

/// The provider and model a message was said to, or by.
public struct Origin: Sendable, Hashable {
    public var provider: String
    public var model: String

    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// "provider · model", as documents and lists give it: the model's whole id.
    public var label: String { "\(provider) · \(model)" }

    /// "provider · model" as the screen shows it: a model id that is a path or a long repository id by its
    /// short name (a llama.cpp model's whole `.gguf` path once filled a reply's header line).
    public var shortLabel: String { "\(provider) · \(ModelName.short(model))" }
}

/// One message of a conversation, from the engine to the transcript (SPEC 6): the same value is streamed
/// into, saved, read back and sent again. `parent` is the message it answers or follows; a conversation is
/// the tree these links make.
public struct Message: Sendable, Hashable, Identifiable {
    public var id: String
    /// nil for the first message of a conversation.
    public var parent: String?
    public var role: Role
    public var parts: [Part]
    public var origin: Origin?
    public var usage: Usage?
    /// How a reply ended; nil for the person's own messages.
    public var finish: MessageFinish?
    /// One line, for replies that ended in an error or an interruption.
    public var error: String?
    public var created: Date

    public init(
        id: String = MessageID.make(), parent: String?, role: Role, parts: [Part], origin: Origin? = nil,
        usage: Usage? = nil, finish: MessageFinish? = nil, error: String? = nil, created: Date = Date()
    ) {
        self.id = id
        self.parent = parent
        self.role = role
        self.parts = parts
        self.origin = origin
        self.usage = usage
        self.finish = finish
        self.error = error
        self.created = created
    }

    /// The text parts, as one string: what is shown, searched and copied. A message of one text part (most)
    /// gives that part itself, not a copy: a 50 MB paste is held once.
    public var text: String {
        var pieces = parts.lazy.compactMap { if case .text(let piece) = $0 { return piece } else { return nil } }.makeIterator()
        guard let first = pieces.next() else { return "" }
        guard let second = pieces.next() else { return first }
        var joined = first + second
        while let next = pieces.next() { joined += next }
        return joined
    }

    public var reasoning: String {
        var joined = ""
        for case .reasoning(let piece) in parts { joined += piece }
        return joined
    }

    /// What a search looks in: the text, and the calls' names and arguments and the results of tool messages.
    public var searchableText: String {
        let calls = toolCalls
        let results = toolResults
        guard !calls.isEmpty || !results.isEmpty else { return text }
        let pieces = [text] + calls.map { "\($0.name) \($0.arguments)" } + results.map(\.content)
        return pieces.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    public var toolCalls: [ToolCall] {
        parts.compactMap { if case .toolCall(let call) = $0 { return call } else { return nil } }
    }

    public var toolResults: [ToolResult] {
        parts.compactMap { if case .toolResult(let result) = $0 { return result } else { return nil } }
    }

    public var attachments: [AttachmentRef] {
        parts.compactMap { if case .attachment(let reference) = $0 { return reference } else { return nil } }
    }

    /// A reply that carries nothing to send back: it failed, or was cancelled, before any text or call came.
    public var isEmptyReply: Bool {
        role == .assistant && !parts.contains { part in
            switch part {
            case .text(let text): return !text.isEmpty
            case .reasoning: return false
            case .attachment, .toolCall, .toolResult: return true
            }
        }
    }

    /// A message of plain text, as a person types it (tests, one-off requests).
    public static func user(_ text: String, parent: String? = nil) -> Message {
        Message(parent: parent, role: .user, parts: [.text(text)])
    }

    /// The person's message as natter sends and saves it: its words, then its files (a message of files alone
    /// has no empty text part), marked with the model it was sent to.
    public static func user(_ text: String, attachments: [AttachmentRef], parent: String?, origin: Origin) -> Message {
        let words: [Part] = text.isEmpty && !attachments.isEmpty ? [] : [.text(text)]
        return Message(parent: parent, role: .user, parts: words + attachments.map(Part.attachment), origin: origin)
    }
}

/// Message ids: unique without coordination (two natters may append to copies of one conversation), short
/// enough to read in a transcript line.
public enum MessageID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return "m" + String(generator.next() as UInt64, radix: 36)
    }
}
