/// What a message is made of (SPEC 6). A person's message is text and attachments; a reply is reasoning,
/// text and tool calls; a `tool` message is tool results.
public enum Part: Sendable, Hashable {
    case text(String)
    case reasoning(String)
    case attachment(AttachmentRef)
    case toolCall(ToolCall)
    case toolResult(ToolResult)
}

/// A file sent with a message, kept once under `<data>/attachments/<sha256>`; the message holds only this.
public struct AttachmentRef: Sendable, Hashable {
    public var name: String
    public var mediaType: String
    public var sha256: String
    public var bytes: Int

    public init(name: String, mediaType: String, sha256: String, bytes: Int) {
        self.name = name
        self.mediaType = mediaType
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// Images go to vision models in each engine's image form; anything else natter keeps is UTF-8 text,
    /// put into the message as a fenced block.
    public var isImage: Bool { mediaType.hasPrefix("image/") }

    /// "image" or "text", as chips and exports name it.
    public var kind: String { isImage ? "image" : "text" }

    /// `[image cat.png 1.2 MB]`, as the chat shows it; whoever draws it makes the name safe for the screen.
    public var label: String { "[\(kind) \(name) \(Quantities.bytes(bytes))]" }
}

/// A model's request to run a tool. `arguments` is the JSON text as the model wrote it: kept as written, so
/// a call whose arguments are not valid JSON is still shown and sent back as it was.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The MCP server the tool belongs to, once natter knows it.
    public var server: String?
    public var arguments: String

    public init(id: String, name: String, server: String? = nil, arguments: String) {
        self.id = id
        self.name = name
        self.server = server
        self.arguments = arguments
    }
}

/// What running a tool call gave, sent back to the model in the next request.
public struct ToolResult: Sendable, Hashable {
    public var callID: String
    public var content: String
    public var isError: Bool

    public init(callID: String, content: String, isError: Bool = false) {
        self.callID = callID
        self.content = content
        self.isError = isError
    }
}
