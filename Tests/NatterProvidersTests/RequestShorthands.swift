import NatterProviders

extension Message {
    /// A reply of plain text, as a history in these tests holds it.
    static func assistant(_ text: String, parent: String? = nil) -> Message {
        Message(parent: parent, role: .assistant, parts: [.text(text)])
    }
}

extension Provider {
    /// The stream for these messages and this configuration, no tools.
    func stream(_ messages: [Message], config: ModelConfig) -> AsyncThrowingStream<StreamChunk, any Error> {
        stream(ChatRequest(messages: messages, config: config))
    }
}
