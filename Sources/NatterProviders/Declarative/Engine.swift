/// The three wire formats a declarative provider file can name.
public enum Engine: String, Sendable, Hashable, CaseIterable, Codable {
    case openai, anthropic, ollama
}
