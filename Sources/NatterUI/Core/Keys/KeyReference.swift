/// `docs/keys.md`: the keys of every context as F1 lists them, written as Markdown tables. Made from the same
/// bindings F1 and the hint rows are made from, and checked by a test, so the reference cannot drift.
enum KeyReference {
    static func markdown(_ keymap: Keymap = .standard) -> String {
        var out = """
            # Keys

            Every key of natter's full-screen chat, by where it applies, as F1 shows them (this file is made from the
            key bindings; `bash scripts/update-docs` writes it again). Keys can be moved in `config.json` (see
            [Chat and keys](chat-and-keys.md)); this page shows the standard ones.

            """
        for section in KeyHelp.sections(keymap) {
            out += "\n## \(section.context.title)\n\n| keys | does |\n| --- | --- |\n"
            for row in section.rows {
                out += "| \(escaped(row.keys)) | \(escaped(row.meaning)) |\n"
            }
        }
        return out
    }

    /// A table cell: a pipe would end it.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
