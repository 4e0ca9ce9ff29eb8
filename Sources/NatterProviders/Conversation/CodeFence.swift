/// A markdown code fence for text natter did not write (a tool's result, a file): longer than any run of
/// backticks in the text, so the text cannot close it early and turn what follows into its own markdown.
public enum CodeFence {
    public static func fence(for text: String) -> String {
        var longest = 0
        var run = 0
        for character in text.utf8 {
            run = character == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// `text` fenced, headed by `name` on the line before (a file put into a message).
    public static func block(_ text: String, named name: String) -> String {
        let fence = fence(for: text)
        return "\(name)\n\(fence)\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\(fence)"
    }
}
