/// The name a model calls a tool by: `SERVER__TOOL`, within the 64 characters of `[A-Za-z0-9_-]` that
/// OpenAI and Anthropic allow. Other characters become `_`; a name too long keeps its start and ends in
/// a digest of the whole, so two long names stay apart.
///
/// Names are given to every server's tools at once (`assign`), so that no two (server, tool) pairs ever share
/// one: `git.status` and `git_status` of one server both clean to `col__git_status`, and server `a__b`'s tool
/// `c` meets server `a`'s tool `b__c`. Every list of tools (`natter mcp tools`, the hints, the request) reads
/// the same assignment, so the name a person approves is the name the model is offered.
enum ToolNames {
    static let longest = 64

    /// Each pair's name, in the order given. A name that two or more pairs would share goes to the one pair it
    /// spells exactly (`SERVER__TOOL` as written, if there is one); every other pair of that name ends in a
    /// digest of its own server and tool. The result does not depend on the order of the list.
    static func assign(_ pairs: [(server: String, tool: String)]) -> [String] {
        let natural = pairs.map { modelName(server: $0.server, tool: $0.tool) }
        var sharing: [String: [Int]] = [:]
        for (index, name) in natural.enumerated() { sharing[name, default: []].append(index) }
        var names = natural
        for (name, members) in sharing where members.count > 1 {
            let exact = members.filter { pairs[$0].server + "__" + pairs[$0].tool == name }
            for member in members where !(exact.count == 1 && exact[0] == member) {
                names[member] = digested(server: pairs[member].server, tool: pairs[member].tool)
            }
        }
        return names
    }

    static func modelName(server: String, tool: String) -> String {
        let joined = clean(server) + "__" + clean(tool)
        guard joined.count > longest else { return joined }
        return digested(server: server, tool: tool)
    }

    /// The cleaned name cut to leave room for a digest of the pair as written, and that digest.
    private static func digested(server: String, tool: String) -> String {
        let joined = clean(server) + "__" + clean(tool)
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
