/// The fenced code blocks of a message, by the rule the renderer numbers them with: a line starting (after
/// spaces) with three backticks opens a block and the next such line closes it. An unclosed block runs to the end.
public enum CodeBlocks {
    public static func extract(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("```") {
                if let lines = current {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = []
                }
            } else {
                current?.append(line)
            }
        }
        if let current { blocks.append(current.joined(separator: "\n")) }
        return blocks
    }
}
