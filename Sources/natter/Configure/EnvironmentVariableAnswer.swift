/// The answer to "which environment variable holds the key": a variable's NAME, never the key. natter writes
/// `${NAME}` into the provider file and reads the key from the environment at each request, so a key never
/// lands in a file that may be shared, synced or committed.
enum EnvironmentVariableAnswer {
    static let secretRefusal = """
        that looks like the key itself, not the name of a variable. natter stores only the NAME of an \
        environment variable (for example MY_PROVIDER_API_KEY) and reads the key from it when it runs; \
        export the key in your shell, e.g. in ~/.profile, and type the variable's name here
        """

    static let nameRefusal = """
        expected the name of an environment variable: capital letters, digits and _, not starting with a digit \
        (for example MY_PROVIDER_API_KEY)
        """

    /// The variable's name; `${NAME}` and `$NAME`, as it is written in files and shells, are taken too.
    static func check(_ answer: String) -> Result<String, AnswerRefusal> {
        var name = answer
        if name.hasPrefix("${") && name.hasSuffix("}") {
            name = String(name.dropFirst(2).dropLast())
        } else if name.hasPrefix("$") {
            name = String(name.dropFirst())
        }
        if looksLikeSecret(name) { return .failure(AnswerRefusal(secretRefusal, isSecret: true)) }
        guard isVariableName(name) else { return .failure(AnswerRefusal(nameRefusal)) }
        return .success(name)
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Keys are long runs of mixed letters and digits, or start with a vendor's prefix; variable names are
    /// short upper-case words joined by `_`. An upper-case key with no `_` (AWS's `AKIA…`) counts as a key.
    static func looksLikeSecret(_ text: String) -> Bool {
        let prefixes = ["sk-", "sk_", "pk-", "rk-", "gsk_", "xai-", "hf_", "ghp_", "github_pat_", "AIza", "Bearer ", "bearer "]
        if prefixes.contains(where: { text.hasPrefix($0) }) { return true }
        let scalars = text.unicodeScalars
        let hasDigit = scalars.contains { ("0"..."9").contains($0) }
        let hasLower = scalars.contains { ("a"..."z").contains($0) }
        let hasUnderscore = text.contains("_")
        if text.count >= 20 && hasDigit && (hasLower || !hasUnderscore) { return true }
        if text.count >= 32 && !hasUnderscore { return true }
        return false
    }

    /// `my-server` → `MY_SERVER_API_KEY`: the conventional name, offered as the default.
    static func suggestion(forProvider name: String, suffix: String = "API_KEY") -> String {
        let stem = String(name.uppercased().unicodeScalars.map { scalar -> Character in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
        let prefixed = stem.first?.isNumber == true ? "_" + stem : stem
        return prefixed + "_" + suffix
    }
}
