/// How a model is named on screen. llama.cpp's server names its model by the `.gguf` path it loaded, and some
/// servers by a long repository id: the header, the picker and the sessions list show its short name
/// (`SmolLM2-135M-Instruct.Q4_1`), while requests and transcripts keep the whole id.
public enum ModelName {
    /// Longer ids with a slash are shown by their last part; shorter ones (`openai/gpt-4o` on a router) say which
    /// vendor's model they are, and stay whole.
    static let longest = 48

    public static func short(_ id: String) -> String {
        let isPath = id.hasPrefix("/") || id.hasPrefix("~") || id.hasPrefix("./") || id.lowercased().hasSuffix(".gguf")
        guard isPath || (id.count > longest && id.contains("/")) else { return id }
        var name = id.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? id
        if name.lowercased().hasSuffix(".gguf") { name = String(name.dropLast(5)) }
        return name.isEmpty ? id : name
    }
}
