/// Who said a message. The system prompt travels as a message too, and each engine places it where its API
/// wants it (OpenAI and Ollama in the list, Anthropic in a top-level field).
public enum Role: String, Sendable, Codable, Hashable {
    case system, user, assistant
}

/// One turn of a conversation as every provider sees it.
public struct ChatMessage: Sendable, Codable, Hashable {
    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}
