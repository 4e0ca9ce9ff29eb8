/// What a person with nothing set up is told when the Ollama natter falls back to is not there: what was
/// tried, and the three ways to get going.
public enum FirstRunGuidance {
    /// The variables of the providers most people start with, in the order they are suggested.
    public static let commonKeys = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "GROQ_API_KEY"]

    public static func lines(triedHost: String) -> [String] {
        [
            "natter has no provider set up yet: it tried Ollama at \(triedHost), and nothing answers there.",
            "To start, do one of these:",
            "  - set a provider's key, e.g. export OPENAI_API_KEY=… (or \(commonKeys.dropFirst().joined(separator: ", ")))",
            "  - start Ollama (`ollama serve`) and pull a model (`ollama pull llama3.2`)",
            "  - run `natter configure` to add a provider of your own (any OpenAI-, Anthropic- or Ollama-style server)",
        ]
    }
}
