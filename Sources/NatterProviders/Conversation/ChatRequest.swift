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
    /// How much context the request needs, when the session could say: for an engine whose server sizes its
    /// context per request (Ollama's `num_ctx`), which otherwise cuts a long prompt to its default silently.
    public var contextNeed: ContextNeed?

    /// The request's estimated size with room for the reply, in tokens, and the model's window when known.
    public struct ContextNeed: Sendable, Hashable {
        public var tokens: Int
        public var window: Int?

        public init(tokens: Int, window: Int?) {
            self.tokens = tokens
            self.window = window
        }
    }

    public init(
        messages: [Message], config: ModelConfig, tools: [ToolDefinition] = [], attachmentData: [String: Data] = [:], contextNeed: ContextNeed? = nil
    ) {
        self.messages = messages
        self.config = config
        self.tools = tools
        self.attachmentData = attachmentData
        self.contextNeed = contextNeed
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
