/// The name a model calls a tool by: `SERVER__TOOL`, within the 64 characters of `[A-Za-z0-9_-]` that
/// OpenAI and Anthropic allow. Other characters become `_`; a name too long keeps its start and ends in
/// a digest of the whole, so two long names stay apart.
enum ToolNames {
    static let longest = 64

    static func modelName(server: String, tool: String) -> String {
        let joined = clean(server) + "__" + clean(tool)
        guard joined.count > longest else { return joined }
        let digest = String(fnv1a(server + "\u{0}" + tool), radix: 16)
        return String(joined.prefix(longest - digest.count - 1)) + "_" + digest
    }

    private static func clean(_ name: String) -> String {
        let cleaned = String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                ? scalar : "_"
        }))
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// FNV-1a, 64 bits: stable from run to run (Swift's hashValue is seeded per process).
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
