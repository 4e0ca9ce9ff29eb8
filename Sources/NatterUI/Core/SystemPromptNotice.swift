/// How a system prompt shows in the chat: a notice where it was set, its first line and how much more.
enum SystemPromptNotice {
    static func text(_ prompt: String?) -> String {
        guard let prompt, !prompt.isEmpty else { return "no system prompt from here on" }
        let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.first.map(String.init) ?? ""
        let shown = first.count > 100 ? first.prefix(99) + "…" : first
        return "system prompt: \(shown)" + (lines.count > 1 ? " (+\(lines.count - 1) more line\(lines.count == 2 ? "" : "s"))" : "")
    }
}
