import Foundation

/// One request to a provider: the branch's messages in order, what to ask of the model, and the tools it may
/// call. Each engine encodes it in its own wire form.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [Message]
    public var config: ModelConfig
    public var tools: [ToolDefinition]
    /// The bytes of the attachments the messages name, by sha256: read by the session for this request only
    /// (a session's files are not held between requests). An attachment missing here is left out of it.
    public var attachmentData: [String: Data]

    public init(messages: [Message], config: ModelConfig, tools: [ToolDefinition] = [], attachmentData: [String: Data] = [:]) {
        self.messages = messages
        self.config = config
        self.tools = tools
        self.attachmentData = attachmentData
    }

    /// A single question, as `natter configure`'s connection test asks it.
    public static func question(_ text: String, config: ModelConfig) -> ChatRequest {
        ChatRequest(messages: [.user(text)], config: config)
    }
}

/// A tool offered to the model: its name, what it does, and its arguments as a JSON Schema.
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}
